package io.loadline.threshold;

/**
 * A threshold's verdict against a run's figures, live or final. Immutable.
 *
 * @param threshold the rule as written, such as {@code p95 < 300ms}
 * @param path where the plan declared it, such as {@code thresholds[0]}
 * @param scenario the scenario it is scoped to, or null for the whole run
 * @param step the step it is scoped to, or null
 * @param metric the metric's label, such as {@code p95}
 * @param unit the unit of {@code observed} and {@code limit}: ms, %, /s or empty for a count
 * @param observed the run's value of the metric over the scope, or null when there was no data
 * @param limit the value compared with: the fixed limit, or the baseline's value times its factor;
 *     null when a baseline-relative rule has no baseline value
 * @param passed whether the rule held; never true without data
 * @param detail why it failed without a comparison ({@code no data}, {@code no baseline}), or null
 */
public record ThresholdResult(
    String threshold,
    String path,
    String scenario,
    String step,
    String metric,
    String unit,
    boolean abortOnFail,
    Double observed,
    Double limit,
    boolean passed,
    String detail) {

  /** Shown when a threshold's scope had no samples: no data is not a pass. */
  public static final String NO_DATA = "no data";

  /** Shown when a baseline-relative rule has no baseline run, or the baseline no value. */
  public static final String NO_BASELINE = "no baseline";

  /** The scope as people read it: {@code run}, {@code browse} or {@code browse / home}. */
  public String scopeLabel() {
    if (scenario == null) {
      return "run";
    }
    return step == null ? scenario : scenario + " / " + step;
  }

  /** {@code passed}, {@code failed} or {@code failed (no data)}. */
  public String verdict() {
    if (passed) {
      return "passed";
    }
    return detail == null ? "failed" : "failed (" + detail + ")";
  }
}
