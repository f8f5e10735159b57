package io.loadline.plugins.rate;

/**
 * One stretch of a piecewise-linear rate curve: the rate goes linearly from {@code
 * startRatePerSecond} to {@code endRatePerSecond} over {@code durationNanos}. Immutable.
 *
 * @param durationNanos the stretch's length, above zero
 * @param startRatePerSecond the rate at the stretch's start, zero or more
 * @param endRatePerSecond the rate at the stretch's end, zero or more
 */
record RateSegment(long durationNanos, double startRatePerSecond, double endRatePerSecond) {

  private static final double NANOS_PER_SECOND = 1e9;

  RateSegment {
    if (durationNanos <= 0) {
      throw new IllegalArgumentException("a segment must last above 0 ns, was " + durationNanos);
    }
    if (!(startRatePerSecond >= 0) || !(endRatePerSecond >= 0)) {
      throw new IllegalArgumentException("segment rates must be 0 or more and finite");
    }
    if (Double.isInfinite(startRatePerSecond) || Double.isInfinite(endRatePerSecond)) {
      throw new IllegalArgumentException("segment rates must be finite");
    }
  }

  /** A stretch at one rate. */
  static RateSegment flat(long durationNanos, double ratePerSecond) {
    return new RateSegment(durationNanos, ratePerSecond, ratePerSecond);
  }

  double durationSeconds() {
    return durationNanos / NANOS_PER_SECOND;
  }

  /** The rate's change per second within the stretch. */
  double slopePerSecondSquared() {
    return (endRatePerSecond - startRatePerSecond) / durationSeconds();
  }

  /** The arrivals over the whole stretch: the trapezoid's area. */
  double area() {
    return (startRatePerSecond + endRatePerSecond) / 2 * durationSeconds();
  }

  /** The rate at {@code seconds} from the stretch's start. */
  double rateAt(double seconds) {
    return startRatePerSecond + slopePerSecondSquared() * seconds;
  }

  /**
   * The seconds from the stretch's start at which the area reaches {@code area}: the root of {@code
   * r0 t + k t^2 / 2 = area}, written as {@code 2 area / (r0 + sqrt(r0^2 + 2 k area))}, which is
   * exact for a flat stretch, a ramp from zero and a falling ramp alike (no cancellation).
   */
  double secondsToReach(double area) {
    if (area <= 0) {
      return 0;
    }
    double r0 = startRatePerSecond;
    double discriminant = Math.max(0, r0 * r0 + 2 * slopePerSecondSquared() * area);
    return 2 * area / (r0 + Math.sqrt(discriminant));
  }
}
