package io.loadline.plugins.rate;

import io.loadline.spi.ArrivalCursor;
import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.UserSchedule;
import java.time.Duration;
import java.util.List;

/**
 * A closed model: stages over which the number of virtual users moves linearly from the previous
 * stage's count to the stage's own, rounded down, so a stage's count is reached at its end. It has
 * no arrivals of its own: the engine keeps {@link #plannedUsers} users looping. Immutable and
 * thread-safe.
 */
final class ClosedUserSchedule implements ArrivalSchedule, UserSchedule {

  /**
   * One stage: the count goes from {@code startUsers} to {@code endUsers} over {@code
   * durationNanos}.
   */
  record Stage(long durationNanos, int startUsers, int endUsers) {
    Stage {
      if (durationNanos <= 0 || startUsers < 0 || endUsers < 0) {
        throw new IllegalArgumentException("a stage needs a positive duration and counts >= 0");
      }
    }
  }

  private final String description;
  private final List<Stage> stages;
  private final Duration thinkTime;
  private final long durationNanos;
  private final int maxUsers;

  ClosedUserSchedule(String description, List<Stage> stages, Duration thinkTime) {
    this.description = description;
    this.stages = List.copyOf(stages);
    this.thinkTime = thinkTime;
    this.durationNanos = stages.stream().mapToLong(Stage::durationNanos).sum();
    this.maxUsers =
        stages.stream().mapToInt(s -> Math.max(s.startUsers(), s.endUsers())).max().orElse(0);
    if (maxUsers == 0) {
      throw new IllegalArgumentException("a closed model needs at least one user: " + description);
    }
  }

  @Override
  public int plannedUsers(Duration offset) {
    long offsetNanos = offset.toNanos();
    if (offsetNanos < 0 || offsetNanos >= durationNanos) {
      return 0;
    }
    long stageStart = 0;
    for (Stage stage : stages) {
      long stageEnd = stageStart + stage.durationNanos();
      if (offsetNanos < stageEnd) {
        double share = (double) (offsetNanos - stageStart) / stage.durationNanos();
        double users = stage.startUsers() + (stage.endUsers() - stage.startUsers()) * share;
        return (int) Math.floor(users);
      }
      stageStart = stageEnd;
    }
    return 0;
  }

  @Override
  public int maxUsers() {
    return maxUsers;
  }

  @Override
  public Duration thinkTime() {
    return thinkTime;
  }

  @Override
  public Duration duration() {
    return Duration.ofNanos(durationNanos);
  }

  /** Always 0: a closed model has users, not a rate. */
  @Override
  public double plannedRatePerSecond(Duration offset) {
    return 0;
  }

  /** Gives no arrival: the engine drives a closed model through {@link UserSchedule}. */
  @Override
  public ArrivalCursor cursor() {
    return () -> ArrivalCursor.END;
  }

  /** Always 0: the number of iterations depends on the target's speed. */
  @Override
  public long expectedArrivals() {
    return 0;
  }

  @Override
  public String toString() {
    return "ClosedUserSchedule[" + description + ", think " + thinkTime + "]";
  }
}
