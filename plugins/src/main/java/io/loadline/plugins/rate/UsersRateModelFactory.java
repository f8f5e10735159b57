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
 * The {@code users} closed model: a constant number of virtual {@code users}, each running the
 * scenario again and again for {@code duration}, waiting {@code thinkTime} (default 0) between
 * iterations. Stateless and thread-safe.
 */
public final class UsersRateModelFactory implements RateModelFactory {

  /** The number of looping users; 1 or more. */
  public static final String USERS = "users";

  /** How long the users loop. */
  public static final String DURATION = "duration";

  /** The pause after each iteration; optional, default 0. */
  public static final String THINK_TIME = "thinkTime";

  /** The most users one scenario may have. */
  static final int MAX_USERS = 1_000_000;

  private static final Set<String> KNOWN_KEYS = Set.of(USERS, DURATION, THINK_TIME);

  @Override
  public String id() {
    return "users";
  }

  @Override
  public String description() {
    return "A constant number of virtual users looping over the scenario (closed model).";
  }

  @Override
  public List<PluginOption> options() {
    return List.of(
        PluginOption.required(USERS, "integer", "The number of looping users, 1 to 1000000."),
        PluginOption.required(DURATION, "duration", "How long the users loop."),
        PluginOption.optional(
            THINK_TIME, "duration", "0s", "The pause a user takes after each iteration."));
  }

  @Override
  public ArrivalSchedule create(PluginConfig config) throws InvalidConfigException {
    if (!config.has(USERS)) {
      config.problem(USERS, "is required (a whole number of users, 1 or more)");
    }
    int users = config.optionalInt(USERS, 1, 1, MAX_USERS);
    Duration duration = config.requirePositiveDuration(DURATION);
    Duration thinkTime = config.optionalDuration(THINK_TIME, Duration.ZERO);
    config.rejectUnknownKeys(KNOWN_KEYS);
    config.throwIfInvalid();
    ClosedUserSchedule.Stage stage = new ClosedUserSchedule.Stage(duration.toNanos(), users, users);
    return new ClosedUserSchedule(users + " users for " + duration, List.of(stage), thinkTime);
  }
}
