package io.loadline.plugins.rate;

import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PluginOption;
import io.loadline.spi.RateModelFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code poisson} rate model: arrivals with exponentially distributed gaps at a mean {@code
 * rate} for {@code duration}. An optional whole-number {@code seed} makes the offsets repeatable;
 * without one, a seed is drawn when the plan is compiled, so each run differs, and the run logs it
 * ({@code poisson: seed 12345 (set seed: 12345 to repeat this run)}). Stateless and thread-safe.
 */
public final class PoissonRateModelFactory implements RateModelFactory {

  /** The mean rate; above 0. */
  public static final String RATE = "rate";

  /** How long the model lasts. */
  public static final String DURATION = "duration";

  /** The random generator's seed; optional. */
  public static final String SEED = "seed";

  private static final Set<String> KNOWN_KEYS = Set.of(RATE, DURATION, SEED);

  @Override
  public String id() {
    return "poisson";
  }

  @Override
  public String description() {
    return "Arrivals with random, exponentially distributed gaps at a mean rate (seedable).";
  }

  @Override
  public List<PluginOption> options() {
    return List.of(
        PluginOption.required(RATE, "rate", "The mean arrival rate, such as 200/s; above 0."),
        PluginOption.required(DURATION, "duration", "How long arrivals last, such as 30s."),
        PluginOption.optionalWithoutDefault(
            SEED,
            "integer",
            "The random generator's seed, for the same offsets in every run; without it each"
                + " run differs, and logs the seed it drew."));
  }

  @Override
  public ArrivalSchedule create(PluginConfig config) throws InvalidConfigException {
    double ratePerSecond = config.requireRatePerSecond(RATE);
    Duration duration = config.requirePositiveDuration(DURATION);
    boolean seedDrawn = config.values().get(SEED) == null;
    long seed = readSeed(config);
    config.rejectUnknownKeys(KNOWN_KEYS);
    config.throwIfInvalid();
    return new PoissonArrivalSchedule(ratePerSecond, duration, seed, seedDrawn);
  }

  private static long readSeed(PluginConfig config) {
    Object value = config.values().get(SEED);
    if (value == null) {
      return ThreadLocalRandom.current().nextLong();
    }
    try {
      return value instanceof Number number && !(value instanceof Double || value instanceof Float)
          ? number.longValue()
          : Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      config.problem(SEED, "must be a whole number, was " + value);
      return 0;
    }
  }
}
