package io.loadline.plugins.rate;

import io.loadline.spi.ArrivalCursor;
import io.loadline.spi.ArrivalSchedule;
import java.time.Duration;

/**
 * Arrivals at {@code base + amplitude * sin(2 pi t / period)} per second. Arrival {@code n} (from
 * 0) is at the instant where the area under the curve, {@code base t + amplitude period / (2 pi) (1
 * - cos(2 pi t / period))}, reaches {@code n}; that equation has no closed-form inverse, so each
 * offset is found by bisection to below a nanosecond, between the previous arrival and an upper
 * bound. Immutable and thread-safe; each cursor is a single-threaded iterator.
 */
final class SineArrivalSchedule implements ArrivalSchedule {

  private static final double NANOS_PER_SECOND = 1e9;

  /** Bisection stops when the bracket is this narrow, in seconds: a tenth of a nanosecond. */
  private static final double PRECISION_SECONDS = 1e-10;

  private static final int MAX_BISECTIONS = 200;

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

  /** The seconds at which the area reaches {@code area}, searched in [low, duration]. */
  private double secondsToReach(double area, double lowSeconds) {
    double low = lowSeconds;
    double high = durationSeconds;
    double lowestRate = baseRatePerSecond - amplitudePerSecond;
    if (lowestRate > 0) {
      // The rate never falls below lowestRate, so the area grows at least that fast.
      high = Math.min(high, low + (area - areaUntil(low)) / lowestRate + PRECISION_SECONDS);
    }
    for (int i = 0; i < MAX_BISECTIONS && high - low > PRECISION_SECONDS; i++) {
      double middle = (low + high) / 2;
      if (areaUntil(middle) < area) {
        low = middle;
      } else {
        high = middle;
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
