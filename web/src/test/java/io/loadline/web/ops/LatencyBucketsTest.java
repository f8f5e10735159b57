package io.loadline.web.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loadline.engine.metrics.LatencyHistograms;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Prometheus buckets read from an HdrHistogram of microseconds. */
class LatencyBucketsTest {

  @Test
  void eachValueFallsInTheFirstBucketAtOrAboveItAndLongOnesOnlyInInf() {
    Histogram micros = LatencyHistograms.newHistogram();
    micros.recordValue(400); // 0.4 ms: le 0.001
    micros.recordValue(1_000); // exactly 1 ms: le 0.001
    micros.recordValue(1_001); // just above: le 0.0025
    micros.recordValue(70_000); // 70 ms: le 0.1
    micros.recordValueWithCount(2_000_000, 3); // 2 s: le 2.5
    micros.recordValue(90_000_000); // 90 s: only +Inf

    LatencyBuckets buckets = LatencyBuckets.of(micros);

    assertArrayEquals(
        new long[] {2, 1, 0, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 1}, buckets.perBucketCounts());
    double expectedSum = (400 + 1_000 + 1_001 + 70_000 + 6_000_000 + 90_000_000) / 1e6;
    assertEquals(expectedSum, buckets.sumSeconds(), expectedSum * 0.001);
    assertEquals(8, buckets.dataPoint(Labels.EMPTY).getCount(), "counts are per bucket");
  }

  @Test
  void theDataPointCountsEveryValueAndEndsWithInf() {
    Histogram micros = LatencyHistograms.newHistogram();
    micros.recordValueWithCount(5_000, 10);

    HistogramDataPointSnapshot point =
        LatencyBuckets.of(micros).dataPoint(Labels.of("step", "home"));

    assertEquals(10, point.getCount());
    ClassicHistogramBuckets classic = point.getClassicBuckets();
    assertEquals(16, classic.size());
    assertEquals(Double.POSITIVE_INFINITY, classic.getUpperBound(classic.size() - 1));
    assertEquals(10, classic.getCount(2), "5 ms is in the le=0.005 bucket");
  }

  @Test
  void noValuesGiveEmptyBucketsAndAZeroSum() {
    LatencyBuckets buckets = LatencyBuckets.of(LatencyHistograms.newHistogram());

    assertEquals(LatencyBuckets.empty(), buckets);
    assertEquals(0, buckets.dataPoint(Labels.EMPTY).getCount());
  }
}
