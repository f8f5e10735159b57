package io.loadline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.engine.metrics.LatencyHistograms;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyStatisticsTest {

  @Test
  void aSingleSampleOf575MillisecondsIs575ForEveryFigure() {
    Histogram histogram = LatencyHistograms.newHistogram();
    histogram.recordValue(LatencyHistograms.toRecordedMicros(Duration.ofMillis(575).toNanos()));

    LatencySummary summary = LatencyStatistics.summarize(histogram);

    assertEquals(new LatencySummary(1, 575.0, 575.0, 575.0, 575.0, 575.0, 575.0, 575.0), summary);
  }

  @Test
  void percentilesAreOrderedAndKeepThreeSignificantDigits() {
    Histogram histogram = LatencyHistograms.newHistogram();
    for (long micros = 1; micros <= 100_000; micros++) {
      histogram.recordValue(micros * 7);
    }

    LatencySummary summary = LatencyStatistics.summarize(histogram);

    assertEquals(350.0, summary.p50Millis(), 350 * 0.002);
    assertEquals(693.0, summary.p99Millis(), 693 * 0.002);
    assertTrue(summary.minMillis() <= summary.p50Millis());
    assertTrue(summary.p50Millis() <= summary.p90Millis());
    assertTrue(summary.p90Millis() <= summary.p95Millis());
    assertTrue(summary.p95Millis() <= summary.p99Millis());
    assertTrue(summary.p99Millis() <= summary.maxMillis());
    assertEquals(0.007, summary.minMillis());
  }

  @Test
  void noSamplesGiveNullsNeverNaN() {
    assertSame(LatencySummary.EMPTY, LatencyStatistics.summarize(LatencyHistograms.newHistogram()));
    assertNull(LatencySummary.EMPTY.p99Millis());
  }

  @Test
  void ratesOverNoElapsedTimeAreNull() {
    assertNull(ScenarioMetrics.perSecond(5, 0));
    assertEquals(2.5, ScenarioMetrics.perSecond(5, 2));
  }

  @Test
  void valuesBeyondAnHourAreClampedNotLost() {
    Histogram histogram = LatencyHistograms.newHistogram();
    histogram.recordValue(LatencyHistograms.toRecordedMicros(Duration.ofHours(5).toNanos()));

    assertEquals(3_600_000.0, LatencyStatistics.summarize(histogram).maxMillis());
  }
}
