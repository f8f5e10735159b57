package io.loadline.spi;

import java.util.Objects;

/**
 * One mistake in a configuration: where it is and what is wrong.
 *
 * @param path the field path from the plan's root, such as {@code scenarios[0].load.rate}
 * @param message what is wrong and what is expected, such as {@code must be above 0, was -5/s}
 */
public record ConfigProblem(String path, String message) {

  public ConfigProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
