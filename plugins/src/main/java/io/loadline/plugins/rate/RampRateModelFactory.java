package io.loadline.plugins.rate;

import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PluginOption;
import io.loadline.spi.RateModelFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The {@code ramp} rate model: the arrival rate goes linearly from {@code startRate} (default 0) to
 * {@code endRate} over {@code duration}; the arrivals are the area under that line, so a ramp from
 * 0 to 50/s over 100 s gives 2,500. Either rate may be 0, not both. Stateless and thread-safe.
 */
public final class RampRateModelFactory implements RateModelFactory {

  /** The rate at the start; optional, default 0. */
  public static final String START_RATE = "startRate";

  /** The rate reached at the end of the duration. */
  public static final String END_RATE = "endRate";

  /** How long the ramp lasts. */
  public static final String DURATION = "duration";

  private static final Set<String> KNOWN_KEYS = Set.of(START_RATE, END_RATE, DURATION);

  @Override
  public String id() {
    return "ramp";
  }

  @Override
  public String description() {
    return "Arrivals at a rate rising or falling linearly from startRate to endRate (open model).";
  }

  @Override
  public List<PluginOption> options() {
    return List.of(
        PluginOption.optional(START_RATE, "rate", "0/s", "The rate at the start; 0 allowed."),
        PluginOption.required(
            END_RATE, "rate", "The rate reached at the end; 0 allowed, unless startRate is 0."),
        PluginOption.required(DURATION, "duration", "How long the ramp lasts, such as 5m."));
  }

  @Override
  public ArrivalSchedule create(PluginConfig config) throws InvalidConfigException {
    double startRate = config.optionalRatePerSecondOrZero(START_RATE, 0);
    double endRate = config.requireRatePerSecondOrZero(END_RATE);
    Duration duration = config.requirePositiveDuration(DURATION);
    config.rejectUnknownKeys(KNOWN_KEYS);
    if (config.problems().isEmpty() && startRate == 0 && endRate == 0) {
      config.problem(END_RATE, "and startRate are both 0: the ramp would send nothing");
    }
    config.throwIfInvalid();
    RateSegment ramp = new RateSegment(duration.toNanos(), startRate, endRate);
    String description = "ramp " + startRate + "/s to " + endRate + "/s over " + duration;
    return new PiecewiseLinearSchedule(description, List.of(ramp));
  }
}
