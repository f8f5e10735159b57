package io.loadline.plan;

import io.loadline.spi.ConfigProblem;
import java.util.List;

/**
 * What {@link PlanParser} made of a plan's text: a best-effort plan and every structural problem.
 * Immutable.
 *
 * <p>When the text is a map, {@code plan} is never null, even with problems: a missing or wrong
 * value is replaced by a placeholder (a plan named {@code unnamed plan}, a scenario named {@code
 * scenario 2}, a rate model with the empty id) so that the plugins can still check the rest. Such a
 * plan is only for finding more problems; it must never run while {@code problems} is not empty.
 *
 * @param plan the best-effort plan, or null when the text is not a map at all (a syntax error, an
 *     empty document, a list or a single value)
 * @param problems every structural problem, in the order of the plan's text, each with its field
 *     path; the empty path stands for the whole document
 * @param problemOrder the order of the plan's text, to merge later problems into
 */
public record ParsedPlan(Plan plan, List<ConfigProblem> problems, ProblemOrder problemOrder) {

  public ParsedPlan {
    problems = List.copyOf(problems);
    problemOrder = problemOrder == null ? ProblemOrder.WITHOUT_TEXT : problemOrder;
  }

  /** A plan with no parsed text to order its problems by. */
  public ParsedPlan(Plan plan, List<ConfigProblem> problems) {
    this(plan, problems, ProblemOrder.WITHOUT_TEXT);
  }

  /** Whether the text gave a plan with no structural problem (plugins are not checked yet). */
  public boolean isValid() {
    return plan != null && problems.isEmpty();
  }
}
