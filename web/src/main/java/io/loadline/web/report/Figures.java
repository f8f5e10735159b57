package io.loadline.web.report;

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

  private Figures() {}

  /** Milliseconds with up to two decimals, such as {@code 12.35 ms}. */
  public static String millis(Double millis) {
    return millis == null ? NOT_AVAILABLE : String.format(Locale.ROOT, "%.2f ms", millis);
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
