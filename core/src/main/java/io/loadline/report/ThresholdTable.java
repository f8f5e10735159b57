package io.loadline.report;

import io.loadline.threshold.ThresholdResult;
import java.util.List;
import java.util.Locale;

/**
 * Threshold verdicts as a plain-text table for terminals, one line per threshold. Stateless and
 * thread-safe.
 */
public final class ThresholdTable {

  private ThresholdTable() {}

  /** The table, or the empty string when there are no thresholds. */
  public static String render(List<ThresholdResult> results) {
    if (results.isEmpty()) {
      return "";
    }
    int scopeWidth = "scope".length();
    int ruleWidth = "threshold".length();
    for (ThresholdResult result : results) {
      scopeWidth = Math.max(scopeWidth, result.scopeLabel().length());
      ruleWidth = Math.max(ruleWidth, result.threshold().length());
    }
    String format = "%-" + scopeWidth + "s  %-" + ruleWidth + "s  %-12s  %s%n";
    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, format, "scope", "threshold", "observed", "verdict"));
    for (ThresholdResult result : results) {
      table.append(
          String.format(
              Locale.ROOT,
              format,
              result.scopeLabel(),
              result.threshold(),
              observed(result),
              result.verdict()));
    }
    return table.toString();
  }

  /** The observed value with its unit, or {@code -} without data. */
  public static String observed(ThresholdResult result) {
    return result.observed() == null ? "-" : number(result.observed()) + result.unit();
  }

  /** Why a threshold failed, in one sentence. */
  public static String explain(ThresholdResult result) {
    if (result.passed()) {
      return "observed " + observed(result);
    }
    if (result.detail() != null) {
      return result.threshold() + " failed: " + result.detail();
    }
    return result.threshold()
        + " failed: observed "
        + observed(result)
        + ", limit "
        + number(result.limit())
        + result.unit();
  }

  private static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
