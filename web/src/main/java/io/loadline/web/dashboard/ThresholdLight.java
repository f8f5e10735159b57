package io.loadline.web.dashboard;

import io.loadline.report.ThresholdTable;
import io.loadline.threshold.ThresholdResult;
import java.util.List;

/**
 * One threshold's status light on the run page: its live verdict while the run goes on (the latest
 * 1 s check), its final one after. Immutable.
 *
 * @param status {@code pass}, {@code fail} or {@code no-data}; no data is shown apart from a
 *     failure while the run goes on, though the final verdict counts it as failed
 * @param label what the light says: {@code pass}, {@code fail} or {@code no data}
 * @param threshold the rule as written, such as {@code p95 < 300ms}
 * @param scope {@code run}, a scenario, or {@code scenario / step}
 * @param observed the observed value with its unit, or {@code -}
 * @param detail why it failed without a comparison, or the empty string
 */
public record ThresholdLight(
    String status, String label, String threshold, String scope, String observed, String detail) {

  /** The lights of a run's threshold verdicts, in plan order. */
  public static List<ThresholdLight> of(List<ThresholdResult> results) {
    return results.stream().map(ThresholdLight::of).toList();
  }

  /** The light of one verdict. */
  public static ThresholdLight of(ThresholdResult result) {
    String status;
    if (result.observed() == null) {
      status = "no-data";
    } else {
      status = result.passed() ? "pass" : "fail";
    }
    return new ThresholdLight(
        status,
        status.replace('-', ' '),
        result.threshold(),
        result.scopeLabel(),
        ThresholdTable.observed(result),
        result.detail() == null ? "" : result.detail());
  }

  /** The light's CSS class, such as {@code light-pass}. */
  public String cssClass() {
    return "light-" + status;
  }
}
