package io.loadline.plugins.rate;

import io.loadline.spi.ArrivalCursor;
import io.loadline.spi.ArrivalSchedule;
import java.time.Duration;

/**
 * Arrivals at {@code base + amplitude * sin(2 pi t / period)} per second. Arrival {@code n} (from
 * 0) is at the instant where the area under the curve, {@code base t + amplitude period / (2 pi) (1
 * - cos(2 pi t / period))}, reaches {@code n}; that equation has no closed-form inverse, so each
 * offset is found numerically within a bracket, to below a nanosecond (see {@link
 * #secondsToReach}). Immutable and thread-safe; each cursor is a single-threaded iterator.
 */
final class SineArrivalSchedule implements ArrivalSchedule {

  private static final double NANOS_PER_SECOND = 1e9;

  /** The search stops when the bracket is this narrow, in seconds: a tenth of a nanosecond. */
  private static final double PRECISION_SECONDS = 1e-10;

  /** ...or when the area is this close to its target, in arrivals. */
  private static final double AREA_PRECISION = 1e-9;

  private static final int MAX_STEPS = 200;

  private final double baseRatePerSecond;
  private final double amplitudePerSecond;
  private final double periodSeconds;
  private final double durationSeconds;
  private final Duration duration;
  private final long arrivalCount;

  /**
   * @throws IllegalArgumentException when the base is not above 0, the amplitude is negative or
   *     above the base, or the period or duration is not above 0
   */
  SineArrivalSchedule(
      double baseRatePerSecond, double amplitudePerSecond, Duration period, Duration duration) {
    if (!(baseRatePerSecond > 0) || Double.isInfinite(baseRatePerSecond)) {
      throw new IllegalArgumentException("base rate must be above 0, was " + baseRatePerSecond);
    }
    if (!(amplitudePerSecond >= 0) || amplitudePerSecond > baseRatePerSecond) {
      throw new IllegalArgumentException(
          "amplitude must be in [0, base], was " + amplitudePerSecond);
    }
    if (period.isNegative() || period.isZero() || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("period and duration must be above 0");
    }
    this.baseRatePerSecond = baseRatePerSecond;
    this.amplitudePerSecond = amplitudePerSecond;
    this.periodSeconds = period.toNanos() / NANOS_PER_SECOND;
    this.duration = duration;
    this.durationSeconds = duration.toNanos() / NANOS_PER_SECOND;
    this.arrivalCount = (long) Math.ceil(areaUntil(durationSeconds) - 1e-9);
  }

  /** The arrivals expected from the start to {@code seconds}. */
  double areaUntil(double seconds) {
    double angularFrequency = 2 * Math.PI / periodSeconds;
    double oscillation = (1 - Math.cos(angularFrequency * seconds)) / angularFrequency;
    return baseRatePerSecond * seconds + amplitudePerSecond * oscillation;
  }

  @Override
  public Duration duration() {
    return duration;
  }

  @Override
  public double plannedRatePerSecond(Duration offset) {
    double seconds = offset.toNanos() / NANOS_PER_SECOND;
    if (seconds < 0 || seconds >= durationSeconds) {
      return 0;
    }
    return baseRatePerSecond + amplitudePerSecond * Math.sin(2 * Math.PI * seconds / periodSeconds);
  }

  @Override
  public ArrivalCursor cursor() {
    return new Cursor();
  }

  @Override
  public long expectedArrivals() {
    return arrivalCount;
  }

  /**
   * The seconds at which the area reaches {@code area}, at or after {@code lowSeconds}. The root is
   * bracketed between the times the area would take at the highest and at the lowest rate, then
   * found by the Illinois method (regula falsi that halves a stale end's weight): it keeps the
   * bracket, like bisection, but needs a handful of steps instead of dozens.
   */
  private double secondsToReach(double area, double lowSeconds) {
    double missing = area - areaUntil(lowSeconds);
    double highestRate = baseRatePerSecond + amplitudePerSecond;
    double lowestRate = baseRatePerSecond - amplitudePerSecond;
    double low = Math.min(durationSeconds, lowSeconds + missing / highestRate);
    double high =
        lowestRate > 0
            ? Math.min(durationSeconds, lowSeconds + missing / lowestRate + PRECISION_SECONDS)
            : durationSeconds;
    double lowExcess = areaUntil(low) - area;
    double highExcess = areaUntil(high) - area;
    if (lowExcess >= 0) {
      return low;
    }
    if (highExcess <= 0) {
      return high;
    }
    int staleSide = 0;
    for (int i = 0; i < MAX_STEPS && high - low > PRECISION_SECONDS; i++) {
      double guess = (low * highExcess - high * lowExcess) / (highExcess - lowExcess);
      if (!(guess > low && guess < high)) {
        guess = (low + high) / 2;
      }
      double excess = areaUntil(guess) - area;
      if (Math.abs(excess) <= AREA_PRECISION) {
        return guess;
      }
      if (excess < 0) {
        low = guess;
        lowExcess = excess;
        highExcess = staleSide == -1 ? highExcess / 2 : highExcess;
        staleSide = -1;
      } else {
        high = guess;
        highExcess = excess;
        lowExcess = staleSide == 1 ? lowExcess / 2 : lowExcess;
        staleSide = 1;
      }
    }
    return high;
  }

  @Override
  public String toString() {
    return "SineArrivalSchedule["
        + baseRatePerSecond
        + "/s ± "
        + amplitudePerSecond
        + "/s, period "
        + periodSeconds
        + " s, for "
        + duration
        + "]";
  }

  private final class Cursor implements ArrivalCursor {
    private long nextIndex;
    private double previousSeconds;

    @Override
    public long nextOffsetNanos() {
      if (nextIndex >= arrivalCount) {
        return END;
      }
      double seconds = nextIndex == 0 ? 0 : secondsToReach(nextIndex, previousSeconds);
      nextIndex++;
      previousSeconds = seconds;
      long durationNanos = duration.toNanos();
      return Math.min(Math.round(seconds * NANOS_PER_SECOND), durationNanos - 1);
    }
  }
}
