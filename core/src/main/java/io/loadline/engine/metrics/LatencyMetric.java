package io.loadline.engine.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One latency measure (such as one step's service time): an HdrHistogram {@link Recorder} that
 * request threads write to without locks, and a cumulative {@link Histogram} that a reader merges
 * interval histograms into. Memory is fixed (three histograms of {@link
 * LatencyHistograms#HIGHEST_TRACKABLE_MICROS}, about 190 KB each) whatever the run's length.
 *
 * <p>Thread-safety: {@link #recordNanos} from any thread; {@link #drainInto} and {@link
 * #cumulative} only under the owner's lock, one reader at a time.
 */
public final class LatencyMetric {

  private final Recorder recorder = LatencyHistograms.newRecorder();
  private final Histogram cumulative = LatencyHistograms.newHistogram();

  /** Records one duration in nanoseconds (kept in microseconds, clamped to the range). */
  public void recordNanos(long durationNanos) {
    recorder.recordValue(LatencyHistograms.toRecordedMicros(durationNanos));
  }

  /**
   * Moves what was recorded since the last drain into the cumulative histogram, and into {@code
   * interval} too, when it is not null. {@code scratch} is overwritten.
   */
  public void drainInto(Histogram scratch, Histogram interval) {
    recorder.getIntervalHistogramInto(scratch);
    cumulative.add(scratch);
    if (interval != null) {
      interval.add(scratch);
    }
  }

  /** The cumulative histogram as of the last drain; read it under the owner's lock. */
  public Histogram cumulative() {
    return cumulative;
  }
}
