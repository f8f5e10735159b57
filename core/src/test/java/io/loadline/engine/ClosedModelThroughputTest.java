package io.loadline.engine;

import static io.loadline.engine.TestPlans.plan;
import static io.loadline.engine.TestPlans.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.plan.Plan;
import io.loadline.plan.PluginRef;
import io.loadline.plan.ScenarioPlan;
import io.loadline.pluginhost.PluginDescriptor;
import io.loadline.pluginhost.PluginRegistry;
import io.loadline.plugins.http.HttpProtocolFactory;
import io.loadline.plugins.rate.UsersRateModelFactory;
import io.loadline.spi.Exchange;
import io.loadline.spi.Outcome;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PreparedStep;
import io.loadline.spi.Protocol;
import io.loadline.spi.ProtocolFactory;
import io.loadline.spi.StepResult;
import io.loadline.testsupport.TestTarget;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Closed-model users without think time restart on the thread that ended their last iteration, so
 * they loop back to back; a protocol that ends requests inside {@code execute} cannot make those
 * restarts nest without bound.
 */
class ClosedModelThroughputTest {

  private static TestTarget target;
  private final Engine engine =
      new Engine(
          new PluginRegistry(
              List.of(
                  new PluginDescriptor(new UsersRateModelFactory(), "classpath"),
                  new PluginDescriptor(new HttpProtocolFactory(), "classpath"),
                  new PluginDescriptor(new InstantProtocolFactory(), "test"))),
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
  void sixtyFourUsersWithoutThinkTimeEachLoopManyTimesAgainstALocalTarget() throws Exception {
    Map<String, Object> load = Map.of("users", 64, "duration", "2s");
    RunResult result = run(plan(scenario(0, "users", load, target.url("/ok?run=closed"))));

    ScenarioSummary summary = result.summary().scenarios().get(0);
    System.out.printf(
        "64 users, no think time, 2 s: %d iterations (%.0f/s), lag %s, service %s%n",
        summary.arrivals(),
        summary.arrivals() / result.summary().elapsedSeconds(),
        summary.schedulingLag(),
        summary.serviceTime());
    assertEquals(EndReason.COMPLETED, result.endReason());
    assertEquals(64, summary.usersIterated(), "every user ended at least one iteration");
    // Counts, not speed: each user looped several times back to back.
    assertTrue(summary.arrivals() >= 64 * 5, "iterations " + summary.arrivals());
    assertEquals(summary.requests(), summary.successes());
    assertEquals(summary.arrivals(), summary.schedulingLag().count());
    assertEquals(
        summary.requestsSent(),
        summary.requestsCompleted()
            + summary.requestsFailedBeforeResponse()
            + summary.interrupted());
  }

  @Test
  void requestsThatEndInsideExecuteRestartUsersWithoutOverflowingTheStack() throws Exception {
    Map<String, Object> load = Map.of("users", 4, "duration", "300ms");
    ScenarioPlan base = scenario(0, "users", load, "unused");
    ScenarioPlan instant =
        new ScenarioPlan(
            base.name(),
            base.path(),
            base.load(),
            new PluginRef("instant", "scenarios[0].protocol", Map.of()),
            null,
            base.steps());

    RunResult result = run(plan(instant));

    ScenarioSummary summary = result.summary().scenarios().get(0);
    System.out.printf(
        "4 users, requests ended inside execute: %d iterations%n", summary.arrivals());
    assertEquals(EndReason.COMPLETED, result.endReason(), String.valueOf(result.errorMessage()));
    assertEquals(4, summary.usersIterated());
    // Thousands of restarts of requests that end inside execute: every restart is a timer task,
    // so none of them nests on another's stack.
    assertTrue(summary.arrivals() > 320, "iterations " + summary.arrivals());
    assertEquals(summary.requests(), summary.successes());
  }

  private RunResult run(Plan plan) throws Exception {
    RunningTest running = engine.start(engine.compile(plan), RunObserver.NONE);
    return running.completion().get(30, TimeUnit.SECONDS);
  }

  /** A protocol that reports every request as a success before {@code execute} returns. */
  public static final class InstantProtocolFactory implements ProtocolFactory {
    @Override
    public String id() {
      return "instant";
    }

    @Override
    public String description() {
      return "ends each request inside execute";
    }

    @Override
    public Protocol create(PluginConfig config) {
      return new Protocol() {
        @Override
        public PreparedStep prepare(PluginConfig stepConfig) {
          return () -> "instant";
        }

        @Override
        public void start() {}

        @Override
        public void execute(PreparedStep step, Map<String, String> variables, Exchange exchange) {
          exchange.sent();
          exchange.complete(new StepResult(Outcome.SUCCESS, 200, 0, ""));
        }

        @Override
        public void close() {}
      };
    }
  }
}
