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
 * The {@code constant} rate model: arrivals at a fixed rate for a fixed duration, such as {@code
 * rate: 200/s} for {@code duration: 30s}. Stateless and thread-safe.
 */
public final class ConstantRateModelFactory implements RateModelFactory {

  /** The plan's settings key for the arrival rate. */
  public static final String RATE = "rate";

  /** The plan's settings key for how long arrivals last. */
  public static final String DURATION = "duration";

  private static final Set<String> KNOWN_KEYS = Set.of(RATE, DURATION);

  @Override
  public String id() {
    return "constant";
  }

  @Override
  public String description() {
    return "Arrivals at a constant rate (such as 200/s) for a fixed duration (open model).";
  }

  @Override
  public List<PluginOption> options() {
    return List.of(
        PluginOption.required(RATE, "rate", "The arrival rate, such as 200/s; above 0."),
        PluginOption.required(DURATION, "duration", "How long arrivals last, such as 30s."));
  }

  @Override
  public ArrivalSchedule create(PluginConfig config) throws InvalidConfigException {
    double ratePerSecond = config.requireRatePerSecond(RATE);
    Duration duration = config.requirePositiveDuration(DURATION);
    config.rejectUnknownKeys(KNOWN_KEYS);
    config.throwIfInvalid();
    return new ConstantArrivalSchedule(ratePerSecond, duration);
  }
}
