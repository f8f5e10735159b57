package io.loadline.plugins.rate;

import io.loadline.spi.ArrivalCursor;
import io.loadline.spi.ArrivalSchedule;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arrivals of a Poisson process at a mean rate: the gaps are exponentially distributed with mean
 * {@code 1 / rate}, drawn from a generator seeded with {@code seed}, so every cursor (and every run
 * with the same seed) gives the same offsets. Offsets are kept as a sum in seconds and rounded to
 * the nanosecond once each, so rounding never accumulates. The count varies around {@link
 * #expectedArrivals()} (the mean, {@code rate * duration}) with a standard deviation of its square
 * root.
 *
 * <p>A seed drawn for a plan without one is logged at INFO the first time a cursor is made (when a
 * run reads the schedule), so that the run can be repeated with {@code seed:}; a plan that is only
 * validated makes no cursor and logs nothing, as its drawn seed is never used. Thread-safe; its
 * offsets never change, and each cursor is a single-threaded iterator.
 */
final class PoissonArrivalSchedule implements ArrivalSchedule {

  private static final Logger LOG = LoggerFactory.getLogger(PoissonArrivalSchedule.class);
  private static final double NANOS_PER_SECOND = 1e9;

  private final double ratePerSecond;
  private final Duration duration;
  private final long seed;
  private final boolean seedDrawn;
  private final AtomicBoolean seedLogged = new AtomicBoolean();

  /**
   * @param seed the generator's seed
   * @param seedDrawn whether the seed was drawn for want of one in the plan (it is then logged)
   */
  PoissonArrivalSchedule(double ratePerSecond, Duration duration, long seed, boolean seedDrawn) {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("ratePerSecond must be above 0, was " + ratePerSecond);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be above 0, was " + duration);
    }
    this.ratePerSecond = ratePerSecond;
    this.duration = duration;
    this.seed = seed;
    this.seedDrawn = seedDrawn;
  }

  /** The generator's seed: the plan's, or the one drawn for it. */
  long seed() {
    return seed;
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
    if (seedDrawn && seedLogged.compareAndSet(false, true)) {
      LOG.info("poisson: seed {} (set seed: {} to repeat this run)", seed, seed);
    }
    return new Cursor();
  }

  @Override
  public long expectedArrivals() {
    return Math.round(ratePerSecond * duration.toNanos() / NANOS_PER_SECOND);
  }

  @Override
  public String toString() {
    return "PoissonArrivalSchedule["
        + ratePerSecond
        + "/s for "
        + duration
        + ", seed "
        + seed
        + "]";
  }

  private final class Cursor implements ArrivalCursor {
    private final SplittableRandom random = new SplittableRandom(seed);
    private final long durationNanos = duration.toNanos();
    private double seconds;
    private boolean ended;

    @Override
    public long nextOffsetNanos() {
      if (ended) {
        return END;
      }
      // An exponential gap by inversion; 1 - u is in (0, 1], so the logarithm is finite.
      seconds += -Math.log(1 - random.nextDouble()) / ratePerSecond;
      long offset = Math.round(seconds * NANOS_PER_SECOND);
      if (offset >= durationNanos) {
        ended = true;
        return END;
      }
      return offset;
    }
  }
}
