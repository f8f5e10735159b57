package io.loadline.plan;

import com.jayway.jsonpath.JsonPath;
import io.loadline.spi.ConfigProblem;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the regular expressions and JSONPaths a plan's extractions, checks and conditions hold,
 * turning a bad one into a {@link ConfigProblem} at its field path instead of an exception. The
 * parser and the engine both compile through here, so a plan the engine is asked to check never
 * fails with a bare exception and both word the problem alike. Stateless and thread-safe.
 */
public final class RuleExpressions {

  private RuleExpressions() {}

  /**
   * The compiled regular expression, or null when it is not valid (the problem is recorded).
   *
   * @param path the field path holding the expression, such as {@code ...extract.id.regex}
   */
  public static Pattern regex(String regex, String path, List<ConfigProblem> problems) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      problems.add(
          new ConfigProblem(path, "is not a valid regular expression: " + e.getDescription()));
      return null;
    }
  }

  /**
   * The compiled JSONPath, or null when it is not valid (the problem is recorded).
   *
   * @param path the field path holding the expression, such as {@code ...extract.token.json}
   */
  public static JsonPath jsonPath(String expression, String path, List<ConfigProblem> problems) {
    try {
      return JsonPath.compile(expression);
    } catch (RuntimeException e) {
      // The JSONPath library reads some incomplete paths past their end and reports only the
      // index it tripped on; say what that means instead.
      boolean ranOffTheEnd =
          e instanceof IndexOutOfBoundsException
              || e.getCause() instanceof IndexOutOfBoundsException;
      String reason =
          ranOffTheEnd
              ? "it ends before a bracket or filter is complete"
              : Objects.toString(e.getMessage(), e.toString());
      problems.add(
          new ConfigProblem(path, "is not a valid JSONPath such as $.token: " + reason.strip()));
      return null;
    }
  }
}
