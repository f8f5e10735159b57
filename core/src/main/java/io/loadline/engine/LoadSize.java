package io.loadline.engine;

import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.UserSchedule;
import java.time.Duration;

/**
 * How much load one rate model's schedule asks for, read from the built schedule rather than from
 * the plan's keys, so that every rate model, a plugin's included, is measured alike: an open
 * model's highest planned rate, a closed model's most users at once, and how long either lasts. The
 * engine's warm-up and the server's per-role run caps both use it. Immutable.
 *
 * <p>Known limit: an open model's peak is found by sampling its planned rate (every {@link
 * #RATE_SAMPLE_STEP}, at least {@link #MIN_RATE_SAMPLES} and at most {@link #MAX_RATE_SAMPLES}
 * times), together with its mean rate and its rate at the end; a burst shorter than the gap between
 * two samples (10 ms for schedules up to 1,000 s) can be missed.
 *
 * @param peakRatePerSecond an open model's highest planned arrival rate; 0 for a closed model
 * @param maxUsers a closed model's most users at once ({@link UserSchedule#maxUsers()}); 0 for an
 *     open model
 * @param duration how long the schedule lasts
 */
public record LoadSize(double peakRatePerSecond, int maxUsers, Duration duration) {

  /** The widest gap between two samples of an open model's rate, unless that needs too many. */
  static final Duration RATE_SAMPLE_STEP = Duration.ofMillis(10);

  /** The fewest samples of an open model's rate, however short it is. */
  static final int MIN_RATE_SAMPLES = 200;

  /** The most samples of an open model's rate, however long it lasts. */
  static final int MAX_RATE_SAMPLES = 100_000;

  /** The size of a built schedule. */
  public static LoadSize of(ArrivalSchedule schedule) {
    if (schedule instanceof UserSchedule users) {
      return new LoadSize(0, users.maxUsers(), schedule.duration());
    }
    return new LoadSize(peakRatePerSecond(schedule), 0, schedule.duration());
  }

  /**
   * The highest rate an open model plans: the largest of its mean rate (less one arrival of
   * rounding), its rate at evenly spaced samples, and its rate at the end.
   */
  public static double peakRatePerSecond(ArrivalSchedule schedule) {
    Duration duration = schedule.duration();
    double durationSeconds = duration.toNanos() / 1e9;
    // The mean counts for models whose planned rate misses their bursts; less one arrival, since a
    // whole count rounds up (3001/m for 1 s is 51 arrivals, a mean of 51/s for a 50.02/s rate).
    double peak =
        durationSeconds > 0 ? Math.max(0, schedule.expectedArrivals() - 1) / durationSeconds : 0;
    long samples =
        Math.clamp(
            duration.toNanos() / RATE_SAMPLE_STEP.toNanos(), MIN_RATE_SAMPLES, MAX_RATE_SAMPLES);
    for (long sample = 0; sample < samples; sample++) {
      Duration offset = duration.dividedBy(samples).multipliedBy(sample);
      peak = Math.max(peak, schedule.plannedRatePerSecond(offset));
    }
    return Math.max(peak, rateAtEnd(schedule));
  }

  /**
   * The rate a schedule reaches at its end, where a rising rate peaks. A schedule plans nothing at
   * its end instant itself (it is outside it), so the rate of the last two nanoseconds is carried
   * on to it: exact for a rate linear there, such as a ramp's.
   */
  private static double rateAtEnd(ArrivalSchedule schedule) {
    long durationNanos = schedule.duration().toNanos();
    if (durationNanos < 2) {
      return schedule.plannedRatePerSecond(Duration.ZERO);
    }
    double last = schedule.plannedRatePerSecond(Duration.ofNanos(durationNanos - 1));
    double beforeLast = schedule.plannedRatePerSecond(Duration.ofNanos(durationNanos - 2));
    return Math.max(last, 2 * last - beforeLast);
  }
}
