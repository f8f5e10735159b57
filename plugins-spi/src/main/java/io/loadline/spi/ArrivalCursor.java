package io.loadline.spi;

/**
 * Walks the intended arrival offsets of an {@link ArrivalSchedule}, in ascending order. Not
 * thread-safe: one scheduler thread owns a cursor.
 */
public interface ArrivalCursor {

  /** Returned by {@link #nextOffsetNanos()} when the schedule has no more arrivals. */
  long END = -1L;

  /**
   * The offset from the run's start of the next intended arrival, in nanoseconds, or {@link #END}.
   */
  long nextOffsetNanos();
}
