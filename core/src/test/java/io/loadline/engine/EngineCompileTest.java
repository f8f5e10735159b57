package io.loadline.engine;

import static io.loadline.engine.TestPlans.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.plan.Plan;
import io.loadline.plan.PlanValidationException;
import io.loadline.plan.PluginRef;
import io.loadline.plan.ScenarioPlan;
import io.loadline.spi.ConfigProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineCompileTest {

  private final Engine engine = new Engine(TestPlans.builtInPlugins(), TestPlans.settings());

  @Test
  void everyProblemOfEveryScenarioIsReportedWithItsPath() {
    ScenarioPlan valid = scenario(0, "10/s", "1s", "http://127.0.0.1:1/ok");
    ScenarioPlan unknownModel =
        new ScenarioPlan(
            "unknown model",
            "scenarios[0]",
            new PluginRef("ramping", "scenarios[0].load", Map.of()),
            valid.protocol(),
            null,
            valid.steps());
    ScenarioPlan negativeRateMissingUrl = scenario(1, "-5/s", "1s", (String) null);
    Plan plan = new Plan("broken", null, null, null, List.of(unknownModel, negativeRateMissingUrl));

    PlanValidationException thrown =
        assertThrows(PlanValidationException.class, () -> engine.compile(plan));

    List<String> paths = thrown.problems().stream().map(ConfigProblem::path).toList();
    assertEquals(
        List.of(
            "scenarios[0].load.model",
            "scenarios[1].load.rate",
            "scenarios[1].steps[0].request.url"),
        paths,
        thrown.getMessage());
    String message = thrown.problems().get(0).message();
    assertTrue(message.contains("[constant, ramp, "), message);
    assertEquals(thrown.problems(), engine.check(plan));
  }

  @Test
  void anUnknownProtocolNamesTheKnownOnes() {
    ScenarioPlan valid = scenario(0, "10/s", "1s", "http://127.0.0.1:1/ok");
    ScenarioPlan grpc =
        new ScenarioPlan(
            "grpc",
            "scenarios[0]",
            valid.load(),
            new PluginRef("grpc", "scenarios[0].protocol", Map.of()),
            null,
            valid.steps());

    List<ConfigProblem> problems = engine.check(TestPlans.plan(grpc));

    assertEquals(1, problems.size());
    assertEquals("scenarios[0].protocol.type", problems.get(0).path());
    assertTrue(problems.get(0).message().contains("[http]"), problems.get(0).message());
  }

  @Test
  void aValidPlanCompilesWithItsResolvedLimits() {
    Plan plan =
        new Plan(
            "valid",
            Duration.ofMillis(200),
            null,
            null,
            List.of(scenario(0, "10/s", "1s", "http://127.0.0.1:1/ok")));

    assertEquals(List.of(), engine.check(plan));
    try (CompiledPlan compiled = engine.compile(plan)) {
      assertEquals(Duration.ofMillis(200), compiled.timeout());
      assertEquals(EngineSettings.FALLBACK_MAX_IN_FLIGHT, compiled.maxInFlight());
      assertEquals(EngineSettings.FALLBACK_GRACEFUL_STOP, compiled.gracefulStop());
    }
  }

  @Test
  void withoutAPlanTimeoutTheEngineDefaultApplies() {
    Plan plan = TestPlans.plan(scenario(0, "10/s", "1s", "http://127.0.0.1:1/ok"));

    try (CompiledPlan compiled = engine.compile(plan)) {
      assertEquals(EngineSettings.FALLBACK_TIMEOUT, compiled.timeout());
    }
  }

  @Test
  void aCompiledPlanRunsOnlyOnce() {
    Plan plan = TestPlans.plan(scenario(0, "10/s", "1s", "http://127.0.0.1:1/ok"));
    CompiledPlan compiled = engine.compile(plan);
    compiled.close();

    assertThrows(IllegalStateException.class, () -> engine.start(compiled, RunObserver.NONE));
  }
}
