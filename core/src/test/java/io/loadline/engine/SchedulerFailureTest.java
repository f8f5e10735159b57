package io.loadline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.plan.Plan;
import io.loadline.pluginhost.PluginDescriptor;
import io.loadline.pluginhost.PluginRegistry;
import io.loadline.plugins.http.HttpProtocolFactory;
import io.loadline.spi.ArrivalCursor;
import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.RateModelFactory;
import io.loadline.spi.UserSchedule;
import io.loadline.testsupport.TestTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A scheduler thread that meets an unexpected exception (here from a faulty third-party rate model)
 * ends the run in error with the exception's message, promptly, instead of leaving it running
 * forever.
 */
class SchedulerFailureTest {

  private static TestTarget target;
  private final Engine engine =
      new Engine(
          new PluginRegistry(
              List.of(
                  new PluginDescriptor(new OverflowingRateModelFactory(), "test"),
                  new PluginDescriptor(new OverflowingUsersModelFactory(), "test"),
                  new PluginDescriptor(new HttpProtocolFactory(), "classpath"))),
          TestPlans.settings());

  @BeforeAll
  static void startTarget() throws Exception {
    target = new TestTarget();
  }

  @AfterAll
  static void stopTarget() throws Exception {
    target.close();
  }

  @Test
  void aRateModelWhoseCursorThrowsEndsTheRunInErrorPromptly() throws Exception {
    RunResult result = run("overflowing");

    ScenarioSummary summary = result.summary().scenarios().get(0);
    System.out.printf(
        "cursor threw at its 2nd arrival: %s after %.3f s: %s%n",
        result.endReason(), result.summary().elapsedSeconds(), result.errorMessage());
    assertEquals(EndReason.ERROR, result.endReason());
    assertTrue(result.errorMessage().contains("long overflow"), result.errorMessage());
    assertTrue(result.errorMessage().contains("scenario0"), result.errorMessage());
    assertEquals(1, summary.arrivals(), "the arrival before the failure ran");
    assertEquals(1, summary.requests());
    assertEquals(0, summary.interrupted());
    // The schedule was planned for an hour: the failure, not the schedule, ended the run.
    assertTrue(result.summary().elapsedSeconds() < 10, "" + result.summary().elapsedSeconds());
  }

  @Test
  void aClosedModelWhoseUserCountThrowsEndsTheRunInErrorPromptly() throws Exception {
    RunResult result = run("overflowing-users");

    System.out.printf("user count threw: %s: %s%n", result.endReason(), result.errorMessage());
    assertEquals(EndReason.ERROR, result.endReason());
    assertTrue(result.errorMessage().contains("long overflow"), result.errorMessage());
    assertTrue(result.summary().scenarios().get(0).usersIterated() >= 1);
    assertTrue(result.summary().elapsedSeconds() < 10, "" + result.summary().elapsedSeconds());
  }

  private RunResult run(String model) throws Exception {
    Plan base = TestPlans.plan(TestPlans.scenario(0, model, Map.of(), target.url("/ok")));
    Plan plan = new Plan("failing", null, null, Duration.ofSeconds(2), base.scenarios());
    return engine
        .start(engine.compile(plan), RunObserver.NONE)
        .completion()
        .get(20, TimeUnit.SECONDS);
  }

  /** An hour of arrivals whose cursor overflows at its second arrival. */
  public static final class OverflowingRateModelFactory implements RateModelFactory {
    @Override
    public String id() {
      return "overflowing";
    }

    @Override
    public String description() {
      return "throws at its second arrival";
    }

    @Override
    public ArrivalSchedule create(PluginConfig config) {
      return new HourLongSchedule() {
        @Override
        public ArrivalCursor cursor() {
          long[] calls = {0};
          return () -> {
            if (calls[0]++ == 0) {
              return 0;
            }
            return Math.addExact(Long.MAX_VALUE, calls[0]);
          };
        }
      };
    }
  }

  /** A closed model of one user whose planned count overflows after 200 ms. */
  public static final class OverflowingUsersModelFactory implements RateModelFactory {
    @Override
    public String id() {
      return "overflowing-users";
    }

    @Override
    public String description() {
      return "throws when asked for its users after 200 ms";
    }

    @Override
    public ArrivalSchedule create(PluginConfig config) {
      return new OverflowingUsers();
    }
  }

  private static final class OverflowingUsers extends HourLongSchedule implements UserSchedule {
    @Override
    public int plannedUsers(Duration offset) {
      return offset.toMillis() < 200 ? 1 : (int) Math.multiplyExact(Long.MAX_VALUE, 2L);
    }

    @Override
    public int maxUsers() {
      return 1;
    }

    @Override
    public Duration thinkTime() {
      return Duration.ofMillis(10);
    }
  }

  private static class HourLongSchedule implements ArrivalSchedule {
    @Override
    public Duration duration() {
      return Duration.ofHours(1);
    }

    @Override
    public double plannedRatePerSecond(Duration offset) {
      return 1;
    }

    @Override
    public ArrivalCursor cursor() {
      return () -> ArrivalCursor.END;
    }

    @Override
    public long expectedArrivals() {
      return 3600;
    }
  }
}
