package io.loadline.plugins.rate;

import static io.loadline.plugins.rate.Schedules.assertProblems;
import static io.loadline.plugins.rate.Schedules.create;
import static io.loadline.plugins.rate.Schedules.offsets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.UserSchedule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClosedModelsTest {

  private final UsersRateModelFactory users = new UsersRateModelFactory();
  private final RampingUsersRateModelFactory rampingUsers = new RampingUsersRateModelFactory();

  @Test
  void constantUsersLoopForTheDurationWithTheirThinkTime() throws Exception {
    ArrivalSchedule schedule =
        create(users, Map.of("users", 100, "duration", "10s", "thinkTime", "1s"));

    UserSchedule closed = assertInstanceOf(UserSchedule.class, schedule);
    assertEquals(100, closed.plannedUsers(Duration.ZERO));
    assertEquals(100, closed.plannedUsers(Duration.ofMillis(9_999)));
    assertEquals(0, closed.plannedUsers(Duration.ofSeconds(10)));
    assertEquals(100, closed.maxUsers());
    assertEquals(Duration.ofSeconds(1), closed.thinkTime());
    assertEquals(Duration.ofSeconds(10), schedule.duration());
    assertEquals(List.of(), offsets(schedule), "a closed model has no arrivals of its own");
    assertEquals(0.0, schedule.plannedRatePerSecond(Duration.ofSeconds(1)));
  }

  @Test
  void rampingUsersMoveLinearlyBetweenStagesAndRoundDown() throws Exception {
    List<Map<String, Object>> stages =
        List.of(
            Map.of("users", 10, "duration", "10s"),
            Map.of("users", 10, "duration", "10s"),
            Map.of("users", 0, "duration", "5s"));
    UserSchedule closed =
        (UserSchedule) create(rampingUsers, Map.of("stages", stages, "thinkTime", "500ms"));

    assertEquals(0, closed.plannedUsers(Duration.ZERO));
    assertEquals(5, closed.plannedUsers(Duration.ofSeconds(5)));
    assertEquals(9, closed.plannedUsers(Duration.ofMillis(9_999)));
    assertEquals(10, closed.plannedUsers(Duration.ofSeconds(15)));
    assertEquals(5, closed.plannedUsers(Duration.ofMillis(22_500)));
    assertEquals(0, closed.plannedUsers(Duration.ofSeconds(25)));
    assertEquals(10, closed.maxUsers());
    assertEquals(Duration.ofMillis(500), closed.thinkTime());
  }

  @Test
  void rampingUsersStartFromStartUsers() throws Exception {
    List<Map<String, Object>> stages = List.of(Map.of("users", 0, "duration", "10s"));
    UserSchedule closed =
        (UserSchedule) create(rampingUsers, Map.of("startUsers", 20, "stages", stages));

    assertEquals(20, closed.plannedUsers(Duration.ZERO));
    assertEquals(10, closed.plannedUsers(Duration.ofSeconds(5)));
    assertEquals(20, closed.maxUsers());
  }

  @Test
  void closedModelSettingsAreCheckedWithTheirPaths() {
    assertProblems(
        users,
        Map.of("users", 0, "duration", "0s", "thinkTime", "soon"),
        "scenarios[0].load.users",
        "scenarios[0].load.duration",
        "scenarios[0].load.thinkTime");
    assertProblems(users, Map.of("duration", "10s"), "scenarios[0].load.users");
    assertProblems(
        rampingUsers,
        Map.of("stages", List.of(Map.of("users", -1, "duration", "1s"), Map.of("users", 5))),
        "scenarios[0].load.stages[0].users",
        "scenarios[0].load.stages[1].duration");
    assertProblems(
        rampingUsers,
        Map.of("stages", List.of(Map.of("users", 0, "duration", "1s"))),
        "scenarios[0].load.stages");
  }
}
