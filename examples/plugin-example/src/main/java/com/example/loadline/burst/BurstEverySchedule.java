package com.example.loadline.burst;

import io.loadline.spi.ArrivalCursor;
import io.loadline.spi.ArrivalSchedule;
import java.time.Duration;

/**
 * Bursts of {@code arrivalsPerBurst} arrivals at offsets 0, {@code period}, 2 × {@code period}
 * and so on, before {@code duration}. Immutable and thread-safe; each cursor is single-threaded.
 *
 * <p>The planned rate is the average over a period (arrivals ÷ period), since a burst itself has
 * no width; dashboards show that line while the actual arrivals come in spikes.
 *
 * @param arrivalsPerBurst at least 1
 * @param period the time between the starts of two bursts, above zero
 * @param duration how long the schedule lasts, above zero
 */
public record BurstEverySchedule(int arrivalsPerBurst, Duration period, Duration duration)
    implements ArrivalSchedule {

  /** The number of bursts: one at the start of every period that begins before the end. */
  public long bursts() {
    long periodNanos = period.toNanos();
    return (duration.toNanos() + periodNanos - 1) / periodNanos;
  }

  @Override
  public double plannedRatePerSecond(Duration offset) {
    if (offset.isNegative() || offset.compareTo(duration) >= 0) {
      return 0;
    }
    return arrivalsPerBurst / (period.toNanos() / 1e9);
  }

  @Override
  public long expectedArrivals() {
    return bursts() * arrivalsPerBurst;
  }

  @Override
  public ArrivalCursor cursor() {
    long bursts = bursts();
    long periodNanos = period.toNanos();
    return new ArrivalCursor() {
      private long arrivalIndex;

      @Override
      public long nextOffsetNanos() {
        long burst = arrivalIndex / arrivalsPerBurst;
        if (burst >= bursts) {
          return END;
        }
        arrivalIndex++;
        // Offsets are computed from the start, never summed, so nothing drifts.
        return burst * periodNanos;
      }
    };
  }
}
