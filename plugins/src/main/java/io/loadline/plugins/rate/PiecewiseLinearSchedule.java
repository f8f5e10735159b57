package io.loadline.plugins.rate;

import io.loadline.spi.ArrivalCursor;
import io.loadline.spi.ArrivalSchedule;
import java.time.Duration;
import java.util.List;

/**
 * Arrivals under a rate curve made of linear stretches (flat, rising or falling), the common form
 * of the {@code ramp}, {@code steps} and {@code spike} models. Arrival {@code n} (from 0) is at the
 * instant where the area under the curve since the start reaches {@code n}, solved exactly per
 * stretch (see {@link RateSegment#secondsToReach}); a stretch at rate 0 is a pause. Offsets are
 * absolute, rounded to the nanosecond once, so nothing drifts. Immutable and thread-safe; each
 * cursor is a single-threaded iterator.
 */
final class PiecewiseLinearSchedule implements ArrivalSchedule {

  private static final double NANOS_PER_SECOND = 1e9;

  /** Below this relative excess, an area is taken as the whole number it rounds to. */
  private static final double AREA_TOLERANCE = 1e-9;

  private final String description;
  private final List<RateSegment> segments;
  private final long[] segmentStartNanos;
  private final double[] segmentStartArea;
  private final long durationNanos;
  private final long arrivalCount;

  /**
   * @param description how {@link #toString()} names the schedule
   * @param segments the stretches in order; their total area must be above zero
   */
  PiecewiseLinearSchedule(String description, List<RateSegment> segments) {
    this.description = description;
    this.segments = List.copyOf(segments);
    this.segmentStartNanos = new long[segments.size() + 1];
    this.segmentStartArea = new double[segments.size() + 1];
    for (int i = 0; i < segments.size(); i++) {
      segmentStartNanos[i + 1] = segmentStartNanos[i] + segments.get(i).durationNanos();
      segmentStartArea[i + 1] = segmentStartArea[i] + segments.get(i).area();
    }
    this.durationNanos = segmentStartNanos[segments.size()];
    this.arrivalCount = countArrivals(segmentStartArea[segments.size()]);
    if (arrivalCount == 0) {
      throw new IllegalArgumentException("the rate curve gives no arrival: " + description);
    }
  }

  /** Arrivals {@code 0 .. ceil(area) - 1}, ignoring a floating-point excess over a whole number. */
  private static long countArrivals(double totalArea) {
    double nearest = Math.rint(totalArea);
    double area =
        Math.abs(totalArea - nearest) <= AREA_TOLERANCE * Math.max(1, nearest)
            ? nearest
            : totalArea;
    return (long) Math.ceil(area);
  }

  /** The offset of arrival {@code index} from the start, in nanoseconds. */
  long offsetNanos(long index) {
    int segment = segmentHolding(index, 0);
    return offsetWithin(segment, index);
  }

  @Override
  public Duration duration() {
    return Duration.ofNanos(durationNanos);
  }

  @Override
  public double plannedRatePerSecond(Duration offset) {
    long offsetNanos = offset.toNanos();
    if (offsetNanos < 0 || offsetNanos >= durationNanos) {
      return 0;
    }
    int segment = 0;
    while (segmentStartNanos[segment + 1] <= offsetNanos) {
      segment++;
    }
    double seconds = (offsetNanos - segmentStartNanos[segment]) / NANOS_PER_SECOND;
    return segments.get(segment).rateAt(seconds);
  }

  @Override
  public ArrivalCursor cursor() {
    return new Cursor();
  }

  @Override
  public long expectedArrivals() {
    return arrivalCount;
  }

  /** The first segment from {@code from} whose area ends beyond {@code index}. */
  private int segmentHolding(long index, int from) {
    int segment = from;
    int last = segments.size() - 1;
    while (segment < last && segmentStartArea[segment + 1] <= index) {
      segment++;
    }
    return segment;
  }

  private long offsetWithin(int segment, long index) {
    double areaIntoSegment = index - segmentStartArea[segment];
    double seconds = segments.get(segment).secondsToReach(areaIntoSegment);
    long offset = segmentStartNanos[segment] + Math.round(seconds * NANOS_PER_SECOND);
    return Math.min(offset, durationNanos - 1);
  }

  @Override
  public String toString() {
    return "PiecewiseLinearSchedule[" + description + ", " + arrivalCount + " arrivals]";
  }

  private final class Cursor implements ArrivalCursor {
    private long nextIndex;
    private int segment;

    @Override
    public long nextOffsetNanos() {
      if (nextIndex >= arrivalCount) {
        return END;
      }
      segment = segmentHolding(nextIndex, segment);
      return offsetWithin(segment, nextIndex++);
    }
  }
}
