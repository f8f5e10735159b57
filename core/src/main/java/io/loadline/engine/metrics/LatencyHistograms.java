package io.loadline.engine.metrics;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The one shape of every latency histogram Loadline keeps: values in microseconds, from 1
 * microsecond to one hour, with 3 significant digits. Larger values are clamped to one hour, so
 * recording never fails. Stateless.
 */
public final class LatencyHistograms {

  /** The largest value kept, in microseconds: one hour. */
  public static final long HIGHEST_TRACKABLE_MICROS = 3_600_000_000L;

  /** The precision of every histogram: 3 significant decimal digits. */
  public static final int SIGNIFICANT_DIGITS = 3;

  private static final long LOWEST_DISCERNIBLE_MICROS = 1;

  private LatencyHistograms() {}

  /** A new, empty histogram of the standard shape. */
  public static Histogram newHistogram() {
    return new Histogram(LOWEST_DISCERNIBLE_MICROS, HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
  }

  /** A new histogram of the standard shape that many threads may record into at once. */
  public static ConcurrentHistogram newConcurrentHistogram() {
    return new ConcurrentHistogram(
        LOWEST_DISCERNIBLE_MICROS, HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
  }

  /** A new recorder (many writers) of the standard shape. */
  public static Recorder newRecorder() {
    return new Recorder(LOWEST_DISCERNIBLE_MICROS, HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
  }

  /** A new recorder for one writer thread, of the standard shape. */
  public static SingleWriterRecorder newSingleWriterRecorder() {
    return new SingleWriterRecorder(
        LOWEST_DISCERNIBLE_MICROS, HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
  }

  /** Nanoseconds to the recorded unit, microseconds, rounded and clamped to [0, one hour]. */
  public static long toRecordedMicros(long durationNanos) {
    if (durationNanos <= 0) {
      return 0;
    }
    return Math.min((durationNanos + 500) / 1000, HIGHEST_TRACKABLE_MICROS);
  }
}
