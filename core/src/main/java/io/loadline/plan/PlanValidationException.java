package io.loadline.plan;

import io.loadline.LoadlineException;
import io.loadline.spi.ConfigProblem;
import java.util.List;
import java.util.stream.Collectors;

/** A plan with one or more mistakes; carries every one, each with its field path. */
public final class PlanValidationException extends LoadlineException {

  private final List<ConfigProblem> problems;

  public PlanValidationException(List<ConfigProblem> problems) {
    super(
        "The plan has "
            + problems.size()
            + " problem(s): "
            + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in the order it was given (path order from the plan's readers). */
  public List<ConfigProblem> problems() {
    return problems;
  }
}
