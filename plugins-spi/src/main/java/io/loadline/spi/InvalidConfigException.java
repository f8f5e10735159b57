package io.loadline.spi;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration with one or more mistakes; carries every one, each with its field path. */
public final class InvalidConfigException extends Exception {

  private final List<ConfigProblem> problems;

  public InvalidConfigException(List<ConfigProblem> problems) {
    super(summarise(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid configuration needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in the order found. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String summarise(List<ConfigProblem> problems) {
    return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; "));
  }
}
