package io.loadline.plugins.rate;

import io.loadline.spi.ArrivalCursor;
import io.loadline.spi.ArrivalSchedule;
import java.time.Duration;

/**
 * Arrivals at a constant rate: arrival {@code i} is due at {@code round(i * 1e9 / rate)}
 * nanoseconds from the start, for every {@code i} whose offset is below the duration. Each offset
 * is computed from the start, never by adding gaps, so rounding never accumulates. Immutable and
 * thread-safe; each cursor is a single-threaded iterator.
 */
public final class ConstantArrivalSchedule implements ArrivalSchedule {

  private static final double NANOS_PER_SECOND = 1e9;

  private final double ratePerSecond;
  private final Duration duration;
  private final long durationNanos;
  private final long arrivalCount;

  /**
   * A schedule of {@code ratePerSecond} arrivals per second for {@code duration}.
   *
   * @throws IllegalArgumentException when the rate or the duration is not above zero
   */
  public ConstantArrivalSchedule(double ratePerSecond, Duration duration) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("ratePerSecond must be above 0, was " + ratePerSecond);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be above 0, was " + duration);
    }
    this.ratePerSecond = ratePerSecond;
    this.duration = duration;
    this.durationNanos = duration.toNanos();
    this.arrivalCount = countArrivals();
  }

  /** The offset of arrival {@code index} from the start, in nanoseconds. */
  public long offsetNanos(long index) {
    return Math.round(index * NANOS_PER_SECOND / ratePerSecond);
  }

  @Override
  public Duration duration() {
    return duration;
  }

  @Override
  public double plannedRatePerSecond(Duration offset) {
    boolean inside = !offset.isNegative() && offset.compareTo(duration) < 0;
    return inside ? ratePerSecond : 0;
  }

  @Override
  public ArrivalCursor cursor() {
    return new Cursor();
  }

  @Override
  public long expectedArrivals() {
    return arrivalCount;
  }

  /** The smallest index whose offset is at or after the duration: the number of arrivals. */
  private long countArrivals() {
    long estimate = (long) Math.ceil(durationNanos * ratePerSecond / NANOS_PER_SECOND);
    while (estimate > 0 && offsetNanos(estimate - 1) >= durationNanos) {
      estimate--;
    }
    while (offsetNanos(estimate) < durationNanos) {
      estimate++;
    }
    return estimate;
  }

  @Override
  public String toString() {
    return "ConstantArrivalSchedule[" + ratePerSecond + "/s for " + duration + "]";
  }

  private final class Cursor implements ArrivalCursor {
    private long nextIndex;

    @Override
    public long nextOffsetNanos() {
      if (nextIndex >= arrivalCount) {
        return END;
      }
      return offsetNanos(nextIndex++);
    }
  }
}
