package io.loadline.web.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Formats a summary's figures for people, the same way in the CLI and on the dashboard: "n/a" for a
 * figure that does not exist (no samples, zero elapsed time). Stateless.
 */
public final class Figures {

  public static final String NOT_AVAILABLE = "n/a";

  /** The significant digits of the latency histograms (HdrHistogram precision 3). */
  public static final int SIGNIFICANT_DIGITS = 3;

  private Figures() {}

  /**
   * Milliseconds to the three significant digits the latency histograms keep, such as {@code 1420
   * ms}, {@code 9.01 ms} or {@code 0.793 ms}: more digits would only show the histogram's buckets.
   */
  public static String millis(Double millis) {
    return millis == null ? NOT_AVAILABLE : significant(millis) + " ms";
  }

  /** A number to {@link #SIGNIFICANT_DIGITS} significant digits, never in scientific notation. */
  static String significant(double value) {
    if (value == 0 || !Double.isFinite(value)) {
      return value == 0 ? "0" : Double.toString(value);
    }
    BigDecimal rounded =
        new BigDecimal(value).round(new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_UP));
    if (rounded.scale() < 0) {
      rounded = rounded.setScale(0); // 1420, not 1.42E+3
    } else if (rounded.precision() < SIGNIFICANT_DIGITS) {
      rounded = rounded.setScale(rounded.scale() + SIGNIFICANT_DIGITS - rounded.precision());
    }
    return rounded.toPlainString();
  }

  /** A rate per second with one decimal, such as {@code 199.8/s}. */
  public static String rate(Double perSecond) {
    return perSecond == null ? NOT_AVAILABLE : String.format(Locale.ROOT, "%.1f/s", perSecond);
  }

  /** A count. */
  public static String count(long count) {
    return Long.toString(count);
  }

  /** Seconds with one decimal, such as {@code 3.0 s}. */
  public static String seconds(double seconds) {
    return String.format(Locale.ROOT, "%.1f s", seconds);
  }

  /**
   * The kinds that occurred, sorted, such as {@code server_error=3 timeout=1}; "-" when none did.
   */
  public static String byKind(Map<String, Long> failuresByKind) {
    String kinds =
        new TreeMap<>(failuresByKind)
            .entrySet().stream()
                .filter(entry -> entry.getValue() > 0)
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(" "));
    return kinds.isEmpty() ? "-" : kinds;
  }
}
