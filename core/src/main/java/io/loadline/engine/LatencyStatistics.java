package io.loadline.engine;

import org.HdrHistogram.AbstractHistogram;

/**
 * The one definition of Loadline's latency statistics, used by the engine's live and final figures
 * and by anything that summarises a stored histogram. Stateless and thread-safe.
 *
 * <p>Input histograms hold microseconds ({@link io.loadline.engine.metrics.LatencyHistograms}).
 * Percentiles are HdrHistogram's {@code getValueAtPercentile}, min and max its {@code getMinValue}
 * and {@code getMaxValue}, the mean its {@code getMean}; percentiles and max are then taken at the
 * low end of their bucket ({@code lowestEquivalentValue}), which is the recorded value itself when
 * the bucket holds one value. Each figure is then rounded to 3 significant digits, the precision
 * the histogram guarantees, and given in milliseconds: a single sample of 575 ms reports exactly
 * {@code 575.0} for every figure, where the raw bucket bounds would say 574.976 or 575.487, and ten
 * samples of 1..10 ms give a p90 of exactly 9.0 (the bucket's top, 9.007, would round to 9.01).
 * Rounding is monotonic, so min ≤ p50 ≤ p90 ≤ p95 ≤ p99 ≤ max always holds.
 */
public final class LatencyStatistics {

  private static final int SIGNIFICANT_DIGITS = 3;
  private static final double MICROS_PER_MILLI = 1000.0;

  private LatencyStatistics() {}

  /** The summary of a histogram in microseconds; {@link LatencySummary#EMPTY} when it is empty. */
  public static LatencySummary summarize(AbstractHistogram histogramMicros) {
    long count = histogramMicros.getTotalCount();
    if (count == 0) {
      return LatencySummary.EMPTY;
    }
    return new LatencySummary(
        count,
        toMillis(histogramMicros.getMinValue()),
        toMillis(Math.round(histogramMicros.getMean())),
        percentileMillis(histogramMicros, 50),
        percentileMillis(histogramMicros, 90),
        percentileMillis(histogramMicros, 95),
        percentileMillis(histogramMicros, 99),
        toMillis(histogramMicros.lowestEquivalentValue(histogramMicros.getMaxValue())));
  }

  /** A value in microseconds as reported: rounded to 3 significant digits, in milliseconds. */
  public static double toMillis(long micros) {
    return roundToSignificantDigits(micros) / MICROS_PER_MILLI;
  }

  private static Double percentileMillis(AbstractHistogram histogramMicros, double percentile) {
    long bucketTop = histogramMicros.getValueAtPercentile(percentile);
    return toMillis(histogramMicros.lowestEquivalentValue(bucketTop));
  }

  private static long roundToSignificantDigits(long value) {
    long scale = 1;
    while (value / scale >= pow10(SIGNIFICANT_DIGITS)) {
      scale *= 10;
    }
    return (value + scale / 2) / scale * scale;
  }

  private static long pow10(int exponent) {
    long result = 1;
    for (int i = 0; i < exponent; i++) {
      result *= 10;
    }
    return result;
  }
}
