package io.loadline.plugins.rate;

import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PluginOption;
import io.loadline.spi.RateModelFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code ramping-users} closed model: {@code stages} of user counts; over each stage's {@code
 * duration} the count moves linearly from the previous stage's count ({@code startUsers}, default
 * 0, before the first) to the stage's {@code users}. On a ramp-down, users above the count finish
 * their current iteration and stop. Users wait {@code thinkTime} (default 0) between iterations.
 * Stateless and thread-safe.
 */
public final class RampingUsersRateModelFactory implements RateModelFactory {

  /** The list of stages. */
  public static final String STAGES = "stages";

  /** A stage's user count, reached at its end; 0 allowed (a ramp-down to none). */
  public static final String USERS = "users";

  /** A stage's length. */
  public static final String DURATION = "duration";

  /** The count at the start; optional, default 0. */
  public static final String START_USERS = "startUsers";

  /** The pause after each iteration; optional, default 0. */
  public static final String THINK_TIME = "thinkTime";

  private static final Set<String> KNOWN_KEYS = Set.of(STAGES, START_USERS, THINK_TIME);
  private static final Set<String> KNOWN_STAGE_KEYS = Set.of(USERS, DURATION);

  @Override
  public String id() {
    return "ramping-users";
  }

  @Override
  public String description() {
    return "Virtual users looping over the scenario, their count moving through stages.";
  }

  @Override
  public List<PluginOption> options() {
    return List.of(
        PluginOption.required(STAGES, "list", "The stages, in order; at least one."),
        PluginOption.required(
            STAGES + "[]." + USERS,
            "integer",
            "The user count reached at the stage's end, 0 to 1000000; 0 is a ramp-down to none."),
        PluginOption.required(
            STAGES + "[]." + DURATION, "duration", "How long the count takes to get there."),
        PluginOption.optional(
            START_USERS, "integer", "0", "The user count before the first stage, 0 to 1000000."),
        PluginOption.optional(
            THINK_TIME, "duration", "0s", "The pause a user takes after each iteration."));
  }

  @Override
  public ArrivalSchedule create(PluginConfig config) throws InvalidConfigException {
    int max = UsersRateModelFactory.MAX_USERS;
    int startUsers = config.optionalInt(START_USERS, 0, 0, max);
    Duration thinkTime = config.optionalDuration(THINK_TIME, Duration.ZERO);
    List<PluginConfig> stageConfigs = config.requireChildList(STAGES);
    config.rejectUnknownKeys(KNOWN_KEYS);
    List<ClosedUserSchedule.Stage> stages = new ArrayList<>();
    int previousUsers = startUsers;
    int mostUsers = startUsers;
    for (PluginConfig stage : stageConfigs) {
      if (!stage.has(USERS)) {
        stage.problem(USERS, "is required (a whole number of users, 0 or more)");
      }
      int users = stage.optionalInt(USERS, 0, 0, max);
      Duration duration = stage.requirePositiveDuration(DURATION);
      stage.rejectUnknownKeys(KNOWN_STAGE_KEYS);
      if (!duration.isZero()) {
        stages.add(new ClosedUserSchedule.Stage(duration.toNanos(), previousUsers, users));
      }
      previousUsers = users;
      mostUsers = Math.max(mostUsers, users);
    }
    if (config.problems().isEmpty() && mostUsers == 0) {
      config.problem(STAGES, "have 0 users throughout: the model would send nothing");
    }
    config.throwIfInvalid();
    return new ClosedUserSchedule("ramping users " + stages, stages, thinkTime);
  }
}
