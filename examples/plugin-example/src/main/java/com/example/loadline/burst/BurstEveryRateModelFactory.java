package com.example.loadline.burst;

import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PluginOption;
import io.loadline.spi.RateModelFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The {@code burst-every} rate model: a fixed number of arrivals all at once at the start of every
 * period, such as 50 arrivals every 10 s for 1 minute. Useful to see how a system absorbs spikes.
 *
 * <p>Settings: {@code arrivals} (whole number, 1 to 1,000,000), {@code every} (the period, a
 * duration above zero) and {@code duration} (above zero). Stateless and thread-safe, as the SPI
 * requires.
 */
public final class BurstEveryRateModelFactory implements RateModelFactory {

  private static final Set<String> OPTIONS = Set.of("arrivals", "every", "duration");
  private static final int MAX_ARRIVALS_PER_BURST = 1_000_000;

  @Override
  public String id() {
    return "burst-every";
  }

  @Override
  public String description() {
    return "Sends a fixed number of arrivals at once at the start of every period.";
  }

  /** Listed with the plugin in the API and on the dashboard's plugins page. */
  @Override
  public List<PluginOption> options() {
    return List.of(
        PluginOption.required("arrivals", "integer", "Arrivals per burst, 1 to 1000000."),
        PluginOption.required("every", "duration", "The period; one burst at the start of each."),
        PluginOption.required("duration", "duration", "How long the bursts go on."));
  }

  @Override
  public ArrivalSchedule create(PluginConfig config) throws InvalidConfigException {
    // Read every option before failing, so the user sees all mistakes at once.
    config.rejectUnknownKeys(OPTIONS);
    if (!config.has("arrivals")) {
      config.problem("arrivals", "is required (a whole number such as 50)");
    }
    int arrivals = config.optionalInt("arrivals", 1, 1, MAX_ARRIVALS_PER_BURST);
    Duration every = config.requirePositiveDuration("every");
    Duration duration = config.requirePositiveDuration("duration");
    config.throwIfInvalid();
    return new BurstEverySchedule(arrivals, every, duration);
  }
}
