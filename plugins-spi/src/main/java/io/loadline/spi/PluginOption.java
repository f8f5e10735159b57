package io.loadline.spi;

import java.util.Objects;

/**
 * One configuration option a plugin reads, as the plugin list (API and dashboard) shows it to plan
 * authors. Plain data; immutable and thread-safe.
 *
 * <p>An option of an element of a list of maps is named with {@code []}, such as {@code
 * stages[].rate} for the {@code rate} of each element of {@code stages}; a sub-key of a map option
 * is named with a dot, such as {@code fields.<name>}.
 *
 * <p>The {@code type} is a short word for the value a plan writes. The built-in plugins use {@code
 * rate} (such as {@code 100/s}), {@code duration} ({@code 30s}), {@code integer}, {@code boolean},
 * {@code text}, {@code file} (a path inside the data directory), {@code list} and {@code map}, or
 * {@code one of a, b, c} for a closed set of words; third-party plugins may use their own words.
 *
 * @param name the key in the plugin's settings, such as {@code rate} or {@code stages[].duration}
 * @param type the kind of value, such as {@code rate} or {@code duration}
 * @param required whether a plan must set it
 * @param defaultValue the value used when a plan leaves it out, as a plan would write it, such as
 *     {@code 5s}; {@code null} when there is none (a required option, or one whose absence means
 *     something, such as a random seed)
 * @param description one sentence on what the option does
 */
public record PluginOption(
    String name, String type, boolean required, String defaultValue, String description) {

  public PluginOption {
    requireText(name, "name");
    requireText(type, "type");
    requireText(description, "description");
    if (required && defaultValue != null) {
      throw new IllegalArgumentException(
          "option '" + name + "' is required, so it cannot have a default (" + defaultValue + ")");
    }
  }

  /** An option a plan must set. */
  public static PluginOption required(String name, String type, String description) {
    return new PluginOption(name, type, true, null, description);
  }

  /** An option a plan may leave out, using {@code defaultValue} then. */
  public static PluginOption optional(
      String name, String type, String defaultValue, String description) {
    Objects.requireNonNull(defaultValue, "defaultValue (use optionalWithoutDefault instead)");
    return new PluginOption(name, type, false, defaultValue, description);
  }

  /** An option a plan may leave out, whose absence has a meaning its description states. */
  public static PluginOption optionalWithoutDefault(String name, String type, String description) {
    return new PluginOption(name, type, false, null, description);
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a plugin option's " + field + " must not be blank");
    }
  }
}
