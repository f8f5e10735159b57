package io.loadline.spi;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A configuration with one or more mistakes; carries every one, each with its field path. */
public final class InvalidConfigException extends Exception {

  private final List<ConfigProblem> problems;
  private final Set<String> variablesUsed;

  public InvalidConfigException(List<ConfigProblem> problems) {
    this(problems, Set.of());
  }

  /**
   * A step's mistakes together with the variable names its well-formed parts read, so that the
   * engine can still report the undefined ones in the same answer.
   */
  public InvalidConfigException(List<ConfigProblem> problems, Set<String> variablesUsed) {
    super(summarise(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid configuration needs at least one problem");
    }
    this.problems = List.copyOf(problems);
    this.variablesUsed = Collections.unmodifiableSet(new LinkedHashSet<>(variablesUsed));
  }

  /** The variable names the configuration reads, as far as it could be read; often empty. */
  public Set<String> variablesUsed() {
    return variablesUsed;
  }

  /** Every problem found, in the order found. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String summarise(List<ConfigProblem> problems) {
    return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; "));
  }
}
