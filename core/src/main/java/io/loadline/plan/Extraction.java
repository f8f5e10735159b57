package io.loadline.plan;

import java.util.Objects;

/**
 * One value a step takes from its response into a variable ({@code extract:} on a step). Immutable.
 *
 * @param variable the variable's name
 * @param source where the value comes from
 * @param expression the JSONPath, regex, header name or cookie name; "" for the status code
 * @param group the regex group to take (0 is the whole match); 0 for other sources
 * @param defaultValue the value used when nothing matches, or null to fail the iteration
 * @param path the field path of this extraction, such as {@code
 *     scenarios[0].steps[1].extract.token}
 */
public record Extraction(
    String variable,
    ExtractionSource source,
    String expression,
    int group,
    String defaultValue,
    String path) {

  public Extraction {
    Objects.requireNonNull(variable, "variable");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(path, "path");
  }

  /** A short text naming the source and expression, for reports: {@code json $.token}. */
  public String describe() {
    return source == ExtractionSource.STATUS
        ? "status"
        : source.key() + " " + expression + (group > 0 ? " group " + group : "");
  }
}
