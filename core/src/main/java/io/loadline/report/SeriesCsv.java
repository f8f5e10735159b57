package io.loadline.report;

import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.LatencySummary;
import io.loadline.engine.ScenarioInterval;
import java.util.List;
import java.util.Locale;

/**
 * A run's 1 s series as CSV (RFC 4180, comma-separated, one header row): one row per interval and
 * scenario, latency in milliseconds from each request's intended start, empty cells where an
 * interval had no samples. Columns added later are appended at the end, so a reader that picks
 * columns by position keeps working. Stateless and thread-safe.
 */
public final class SeriesCsv {

  /** The header row. */
  public static final String HEADER =
      "second,ended_at,scenario,target_rate_per_s,arrival_rate_per_s,requests,successes,"
          + "failures,dropped,in_flight,latency_count,latency_p50_ms,latency_p90_ms,"
          + "latency_p95_ms,latency_p99_ms,latency_max_ms,started_per_s,requests_per_s,"
          + "interval_s";

  private SeriesCsv() {}

  public static String render(List<IntervalSnapshot> series) {
    StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
    for (IntervalSnapshot snapshot : series) {
      for (ScenarioInterval scenario : snapshot.scenarios()) {
        appendRow(csv, snapshot, scenario);
      }
    }
    return csv.toString();
  }

  private static void appendRow(StringBuilder csv, IntervalSnapshot snapshot, ScenarioInterval s) {
    LatencySummary latency = s.latency() == null ? LatencySummary.EMPTY : s.latency();
    csv.append(snapshot.second())
        .append(',')
        .append(snapshot.endedAt())
        .append(',')
        .append(quote(s.scenario()))
        .append(',')
        .append(number(s.targetRatePerSecond()))
        .append(',')
        .append(number(s.arrivalRatePerSecond()))
        .append(',')
        .append(s.requests())
        .append(',')
        .append(s.successes())
        .append(',')
        .append(s.failures())
        .append(',')
        .append(s.dropped())
        .append(',')
        .append(s.inFlight())
        .append(',')
        .append(latency.count())
        .append(',')
        .append(number(latency.p50Millis()))
        .append(',')
        .append(number(latency.p90Millis()))
        .append(',')
        .append(number(latency.p95Millis()))
        .append(',')
        .append(number(latency.p99Millis()))
        .append(',')
        .append(number(latency.maxMillis()))
        .append(',')
        .append(number(s.startedPerSecond()))
        .append(',')
        .append(number(s.requestsPerSecond()))
        .append(',')
        .append(number(s.intervalSeconds()))
        .append("\r\n");
  }

  private static String number(Double value) {
    if (value == null) {
      return "";
    }
    String text = String.format(Locale.ROOT, "%.3f", value);
    return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
  }

  /** A cell quoted when it holds a comma, a quote or a line break. */
  static String quote(String text) {
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }
}
