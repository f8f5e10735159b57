package io.loadline.web.ops;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * One step's latency as a Prometheus classic histogram: counts per bucket read from the engine's
 * cumulative HdrHistogram (values in microseconds), with bucket bounds in seconds from 1 ms to 60
 * s. Immutable.
 *
 * <p>The counts are the HdrHistogram's, not a second recording: a bucket holds the values at or
 * below its bound to the histogram's precision (3 significant digits, so a value at most 0.1% above
 * a bound may be counted in it), {@code _count} is the histogram's total count, which is the step's
 * request count, and {@code _sum} is its mean times its count. Latencies above 60 s fall in the
 * {@code +Inf} bucket only.
 *
 * @param perBucketCounts values in each bucket of {@link #UPPER_BOUNDS_SECONDS}, not cumulative
 * @param sumSeconds the sum of all values, in seconds
 */
record LatencyBuckets(long[] perBucketCounts, double sumSeconds) {

  /** The bucket bounds, in seconds: suited to latencies from 1 ms to 60 s, then +Inf. */
  static final double[] UPPER_BOUNDS_SECONDS = {
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1,
    2.5,
    5,
    10,
    30,
    60,
    Double.POSITIVE_INFINITY
  };

  private static final double MICROS_PER_SECOND = 1e6;

  LatencyBuckets {
    perBucketCounts = perBucketCounts.clone();
  }

  /** The buckets of a latency histogram in microseconds; the histogram is only read. */
  static LatencyBuckets of(Histogram latencyMicros) {
    long[] counts = new long[UPPER_BOUNDS_SECONDS.length];
    long total = latencyMicros.getTotalCount();
    long countedBelow = 0;
    for (int i = 0; i < UPPER_BOUNDS_SECONDS.length - 1 && total > 0; i++) {
      long boundMicros = Math.round(UPPER_BOUNDS_SECONDS[i] * MICROS_PER_SECOND);
      long atOrBelow = Math.min(total, latencyMicros.getCountBetweenValues(0, boundMicros));
      counts[i] = atOrBelow - countedBelow;
      countedBelow = atOrBelow;
    }
    counts[counts.length - 1] = total - countedBelow;
    double sumSeconds = total == 0 ? 0 : latencyMicros.getMean() * total / MICROS_PER_SECOND;
    return new LatencyBuckets(counts, sumSeconds);
  }

  /** No values: every bucket empty. */
  static LatencyBuckets empty() {
    return new LatencyBuckets(new long[UPPER_BOUNDS_SECONDS.length], 0);
  }

  /** The data point of these buckets with the given labels. */
  HistogramDataPointSnapshot dataPoint(Labels labels) {
    return HistogramDataPointSnapshot.builder()
        .labels(labels)
        .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS_SECONDS, perBucketCounts))
        .sum(sumSeconds)
        .build();
  }

  @Override
  public long[] perBucketCounts() {
    return perBucketCounts.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LatencyBuckets that
        && Arrays.equals(perBucketCounts, that.perBucketCounts)
        && Double.compare(sumSeconds, that.sumSeconds) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(perBucketCounts) + Double.hashCode(sumSeconds);
  }

  @Override
  public String toString() {
    return "LatencyBuckets[counts="
        + Arrays.toString(perBucketCounts)
        + ", sum="
        + sumSeconds
        + "]";
  }
}
