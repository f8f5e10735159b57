package io.loadline.engine;

/**
 * Latency statistics of one histogram, in milliseconds. Every figure is null when there are no
 * samples, never NaN. Percentiles follow HdrHistogram's {@code getValueAtPercentile}: the smallest
 * recorded value that at least that share of samples are at or below. Every figure is rounded to
 * the histogram's 3 significant digits; {@link LatencyStatistics} is the one place that computes
 * them. Immutable.
 */
public record LatencySummary(
    long count,
    Double minMillis,
    Double meanMillis,
    Double p50Millis,
    Double p90Millis,
    Double p95Millis,
    Double p99Millis,
    Double maxMillis) {

  /** The summary of no samples. */
  public static final LatencySummary EMPTY =
      new LatencySummary(0, null, null, null, null, null, null, null);
}
