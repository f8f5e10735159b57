package io.loadline.plugins.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * What one {@code {{...}}} placeholder holds: a variable name, a quoted text or number, or a call
 * of a built-in function whose arguments are expressions themselves, such as {@code
 * {{sha256(user)}}} or {@code {{randomInt(1, 100)}}}. Parsed once when a plan is prepared;
 * immutable and thread-safe.
 *
 * <p>Functions: {@code uuid()}, {@code randomInt(min, max)} (both included), {@code
 * randomString(length)} (letters and digits), {@code now()} (ISO-8601) or {@code now('pattern')} (a
 * {@link DateTimeFormatter} pattern, the system zone), {@code base64(text)}, {@code
 * urlEncode(text)}, {@code sha256(text)} (lower-case hex).
 *
 * <p>Arguments are checked when written as constants, before the run: a {@code randomString} length
 * from 0 to {@value Function#MAX_RANDOM_STRING_LENGTH}, {@code randomInt} bounds within plus or
 * minus {@value Function#RANDOM_INT_LIMIT} with min at most max, and a {@code now} pattern that
 * formats. An argument read from a variable is checked the same way when the request is made, and a
 * wrong one fails that request.
 */
sealed interface TemplateExpression {

  /**
   * The value; throws {@link UndefinedVariableException} for a variable nobody set.
   *
   * @param random the iteration's generator, for {@code randomInt} and {@code randomString}
   */
  String evaluate(Map<String, String> variables, RandomGenerator random);

  /** Adds the variable names this expression reads. */
  void collectNames(Set<String> names);

  /** A variable, read from the iteration's variables. */
  record Variable(String name) implements TemplateExpression {
    @Override
    public String evaluate(Map<String, String> variables, RandomGenerator random) {
      String value = variables.get(name);
      if (value == null) {
        throw new UndefinedVariableException(name);
      }
      return value;
    }

    @Override
    public void collectNames(Set<String> names) {
      names.add(name);
    }
  }

  /** A quoted text or a number written in the placeholder. */
  record Constant(String text) implements TemplateExpression {
    @Override
    public String evaluate(Map<String, String> variables, RandomGenerator random) {
      return text;
    }

    @Override
    public void collectNames(Set<String> names) {}
  }

  /** A built-in function call. */
  record Call(Function function, List<TemplateExpression> arguments) implements TemplateExpression {

    @Override
    public String evaluate(Map<String, String> variables, RandomGenerator random) {
      List<String> values = new ArrayList<>(arguments.size());
      for (TemplateExpression argument : arguments) {
        values.add(argument.evaluate(variables, random));
      }
      return function.apply(values, random);
    }

    @Override
    public void collectNames(Set<String> names) {
      arguments.forEach(argument -> argument.collectNames(names));
    }
  }

  /** The built-in functions, with the argument counts they accept. */
  enum Function {
    UUID_FUNCTION("uuid", 0, 0),
    RANDOM_INT("randomInt", 2, 2),
    RANDOM_STRING("randomString", 1, 1),
    NOW("now", 0, 1),
    BASE64("base64", 1, 1),
    URL_ENCODE("urlEncode", 1, 1),
    SHA256("sha256", 1, 1);

    /** The longest {@code randomString}: 64 KiB, so a typo cannot allocate gigabytes a request. */
    static final int MAX_RANDOM_STRING_LENGTH = 65_536;

    /** The largest {@code randomInt} bound either way; max - min + 1 then always fits a long. */
    static final long RANDOM_INT_LIMIT = 1_000_000_000_000_000_000L;

    private static final String ALPHANUMERIC =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    final String functionName;
    final int minArguments;
    final int maxArguments;

    Function(String functionName, int minArguments, int maxArguments) {
      this.functionName = functionName;
      this.minArguments = minArguments;
      this.maxArguments = maxArguments;
    }

    static Function named(String name) {
      for (Function function : values()) {
        if (function.functionName.equals(name)) {
          return function;
        }
      }
      return null;
    }

    String apply(List<String> arguments, RandomGenerator random) {
      return switch (this) {
        case UUID_FUNCTION -> UUID.randomUUID().toString();
        case RANDOM_INT -> randomInt(arguments.get(0), arguments.get(1), random);
        case RANDOM_STRING -> randomString(length(arguments.get(0)), random);
        case NOW ->
            arguments.isEmpty()
                ? ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                : ZonedDateTime.now().format(pattern(arguments.get(0)));
        case BASE64 ->
            Base64.getEncoder().encodeToString(arguments.get(0).getBytes(StandardCharsets.UTF_8));
        case URL_ENCODE -> Encoding.percentEncode(arguments.get(0));
        case SHA256 -> sha256(arguments.get(0));
      };
    }

    /**
     * Checks the arguments that are constants, as {@link #apply} would read them.
     *
     * @throws IllegalArgumentException naming the function, the argument and the allowed range
     */
    void checkConstants(List<TemplateExpression> arguments) {
      List<String> constants = new ArrayList<>();
      for (TemplateExpression argument : arguments) {
        constants.add(argument instanceof Constant constant ? constant.text() : null);
      }
      switch (this) {
        case RANDOM_STRING -> {
          if (constants.get(0) != null) {
            length(constants.get(0));
          }
        }
        case RANDOM_INT -> {
          if (constants.get(0) != null && constants.get(1) != null) {
            bounds(constants.get(0), constants.get(1));
          } else {
            constants.stream().filter(text -> text != null).forEach(Function::bound);
          }
        }
        case NOW -> {
          if (!constants.isEmpty() && constants.get(0) != null) {
            ZonedDateTime.now().format(pattern(constants.get(0)));
          }
        }
        default -> {
          // uuid takes nothing; the encoders take any text.
        }
      }
    }

    private static String randomInt(String min, String max, RandomGenerator random) {
      long[] bounds = bounds(min, max);
      return Long.toString(random.nextLong(bounds[0], bounds[1] + 1));
    }

    private static long[] bounds(String min, String max) {
      long low = bound(min);
      long high = bound(max);
      if (low > high) {
        throw new IllegalArgumentException(
            "randomInt(min, max) needs min at most max, was " + low + " and " + high);
      }
      return new long[] {low, high};
    }

    private static long bound(String text) {
      Long value = wholeNumberOrNull(text);
      if (value == null || Math.abs(value) > RANDOM_INT_LIMIT) {
        throw new IllegalArgumentException(
            "randomInt(min, max) takes whole numbers from "
                + -RANDOM_INT_LIMIT
                + " to "
                + RANDOM_INT_LIMIT
                + ", was "
                + text.strip());
      }
      return value;
    }

    private static int length(String text) {
      Long value = wholeNumberOrNull(text);
      if (value == null || value < 0 || value > MAX_RANDOM_STRING_LENGTH) {
        throw new IllegalArgumentException(
            "randomString(length) takes a length from 0 to "
                + MAX_RANDOM_STRING_LENGTH
                + ", was "
                + text.strip());
      }
      return value.intValue();
    }

    private static DateTimeFormatter pattern(String text) {
      try {
        DateTimeFormatter formatter = DateTimeFormatter.ofPattern(text);
        ZonedDateTime.now().format(formatter); // a field the time lacks fails here, not later
        return formatter;
      } catch (IllegalArgumentException | java.time.DateTimeException e) {
        throw new IllegalArgumentException(
            "now(pattern) takes a DateTimeFormatter pattern such as 'yyyy-MM-dd HH:mm:ss', was '"
                + text
                + "' ("
                + e.getMessage()
                + ")",
            e);
      }
    }

    private static String randomString(int length, RandomGenerator random) {
      StringBuilder text = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        text.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
      }
      return text.toString();
    }

    private static Long wholeNumberOrNull(String text) {
      try {
        return Long.parseLong(text.strip());
      } catch (NumberFormatException e) {
        return null; // not a whole number, or beyond a long: out of every range here
      }
    }

    private static String sha256(String text) {
      try {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }
  }

  /** A variable used in a request that the iteration does not have. */
  final class UndefinedVariableException extends RuntimeException {
    UndefinedVariableException(String name) {
      super("the variable '" + name + "' is not defined in this iteration", null, false, false);
    }
  }

  /**
   * Parses a placeholder's content.
   *
   * @throws IllegalArgumentException with a message fit for a user
   */
  static TemplateExpression parse(String text) {
    ExpressionParser parser = new ExpressionParser(text);
    TemplateExpression expression = parser.expression();
    parser.expectEnd();
    return expression;
  }
}
