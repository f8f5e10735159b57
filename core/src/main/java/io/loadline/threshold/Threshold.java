package io.loadline.threshold;

import java.time.Duration;
import java.util.Objects;

/**
 * One service-level rule of a plan, such as {@code p95 < 300ms} on a step. Immutable.
 *
 * @param expression the rule as written, such as {@code p95 < 300ms}
 * @param path where it was declared, such as {@code thresholds[2]}
 * @param scenario the scenario it is scoped to, or null for the whole run
 * @param step the step it is scoped to (inside {@code scenario}), or null
 * @param abortOnFail whether a breach seen while the run goes on stops it (state ABORTED)
 * @param delayAbortEval how long after the run's start a breach may abort it; zero when not set
 */
public record Threshold(
    String expression,
    String path,
    ThresholdMetric metric,
    ThresholdOperator operator,
    ThresholdLimit limit,
    String scenario,
    String step,
    boolean abortOnFail,
    Duration delayAbortEval) {

  public Threshold {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(limit, "limit");
    delayAbortEval = delayAbortEval == null ? Duration.ZERO : delayAbortEval;
  }

  /** Whether it compares with the plan's baseline run. */
  public boolean relativeToBaseline() {
    return limit instanceof ThresholdLimit.RelativeToBaseline;
  }

  /** The scope as people read it: {@code run}, {@code browse} or {@code browse / home}. */
  public String scopeLabel() {
    if (scenario == null) {
      return "run";
    }
    return step == null ? scenario : scenario + " / " + step;
  }
}
