package io.loadline.spi;

import java.time.Duration;

/**
 * The intended arrival times of one scenario, as offsets from the start of the run.
 *
 * <p>A schedule is pure and clock-free: it never reads the time, so a test checks its offsets
 * without waiting. Offsets are absolute (from the start), never gaps added to the previous arrival,
 * so rounding never drifts. Implementations are immutable and thread-safe; each {@link #cursor()}
 * is a fresh, single-threaded iterator.
 */
public interface ArrivalSchedule {

  /** How long the schedule lasts; no arrival is at or after this offset. */
  Duration duration();

  /** The planned arrival rate, per second, at the given offset from the start. */
  double plannedRatePerSecond(Duration offset);

  /** A new iterator over the arrival offsets, in ascending order. */
  ArrivalCursor cursor();

  /** The expected number of arrivals over the whole schedule (the area under the rate curve). */
  long expectedArrivals();
}
