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
import java.util.concurrent.ThreadLocalRandom;

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
 */
sealed interface TemplateExpression {

  /** The value; throws {@link UndefinedVariableException} for a variable nobody set. */
  String evaluate(Map<String, String> variables);

  /** Adds the variable names this expression reads. */
  void collectNames(Set<String> names);

  /** A variable, read from the iteration's variables. */
  record Variable(String name) implements TemplateExpression {
    @Override
    public String evaluate(Map<String, String> variables) {
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
    public String evaluate(Map<String, String> variables) {
      return text;
    }

    @Override
    public void collectNames(Set<String> names) {}
  }

  /** A built-in function call. */
  record Call(Function function, List<TemplateExpression> arguments) implements TemplateExpression {

    @Override
    public String evaluate(Map<String, String> variables) {
      List<String> values = new ArrayList<>(arguments.size());
      for (TemplateExpression argument : arguments) {
        values.add(argument.evaluate(variables));
      }
      return function.apply(values);
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

    String apply(List<String> arguments) {
      return switch (this) {
        case UUID_FUNCTION -> UUID.randomUUID().toString();
        case RANDOM_INT -> randomInt(arguments.get(0), arguments.get(1));
        case RANDOM_STRING -> randomString(wholeNumber(arguments.get(0)));
        case NOW ->
            arguments.isEmpty()
                ? ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                : ZonedDateTime.now().format(DateTimeFormatter.ofPattern(arguments.get(0)));
        case BASE64 ->
            Base64.getEncoder().encodeToString(arguments.get(0).getBytes(StandardCharsets.UTF_8));
        case URL_ENCODE -> Encoding.percentEncode(arguments.get(0));
        case SHA256 -> sha256(arguments.get(0));
      };
    }

    private static String randomInt(String min, String max) {
      long low = wholeNumber(min);
      long high = wholeNumber(max);
      return Long.toString(ThreadLocalRandom.current().nextLong(low, Math.max(low, high) + 1));
    }

    private static String randomString(long length) {
      StringBuilder text = new StringBuilder((int) length);
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (long i = 0; i < length; i++) {
        text.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
      }
      return text.toString();
    }

    private static long wholeNumber(String text) {
      try {
        return Long.parseLong(text.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is not a whole number", e);
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
