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
 * The {@code sine} rate model: {@code rate + amplitude * sin(2 pi t / period)} arrivals per second
 * for {@code duration}; the amplitude may be 0 and may not exceed the base rate, so the rate never
 * goes negative. Stateless and thread-safe.
 */
public final class SineRateModelFactory implements RateModelFactory {

  /** The base (mean) rate; above 0. */
  public static final String RATE = "rate";

  /** How far the rate swings above and below the base; 0 up to the base. */
  public static final String AMPLITUDE = "amplitude";

  /** The length of one full wave. */
  public static final String PERIOD = "period";

  /** How long the model lasts. */
  public static final String DURATION = "duration";

  private static final Set<String> KNOWN_KEYS = Set.of(RATE, AMPLITUDE, PERIOD, DURATION);

  @Override
  public String id() {
    return "sine";
  }

  @Override
  public String description() {
    return "Arrivals at a base rate that swings up and down by an amplitude with a period.";
  }

  @Override
  public List<PluginOption> options() {
    return List.of(
        PluginOption.required(RATE, "rate", "The base (mean) rate; above 0."),
        PluginOption.required(
            AMPLITUDE,
            "rate",
            "How far the rate swings above and below the base; from 0/s up to the base rate."),
        PluginOption.required(PERIOD, "duration", "The length of one full wave, such as 1m."),
        PluginOption.required(DURATION, "duration", "How long the model lasts."));
  }

  @Override
  public ArrivalSchedule create(PluginConfig config) throws InvalidConfigException {
    double baseRate = config.requireRatePerSecond(RATE);
    double amplitude = config.requireRatePerSecondOrZero(AMPLITUDE);
    Duration period = config.requirePositiveDuration(PERIOD);
    Duration duration = config.requirePositiveDuration(DURATION);
    config.rejectUnknownKeys(KNOWN_KEYS);
    if (config.problems().isEmpty() && amplitude > baseRate) {
      config.problem(
          AMPLITUDE,
          "must not exceed the rate ("
              + baseRate
              + "/s), or the rate would go below 0; was "
              + amplitude
              + "/s");
    }
    config.throwIfInvalid();
    return new SineArrivalSchedule(baseRate, amplitude, period, duration);
  }
}
