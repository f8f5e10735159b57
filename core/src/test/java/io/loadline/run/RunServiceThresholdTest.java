package io.loadline.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.engine.Engine;
import io.loadline.engine.EngineSettings;
import io.loadline.engine.RunHistograms;
import io.loadline.engine.ScenarioSummary;
import io.loadline.engine.StepSummary;
import io.loadline.pluginhost.PluginHost;
import io.loadline.store.Database;
import io.loadline.store.PlanStore;
import io.loadline.threshold.ThresholdResult;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thresholds through the run service, the real engine and SQLite, against a real Jetty target on
 * 127.0.0.1 whose {@code /slow/100} answers in 100 ms.
 */
class RunServiceThresholdTest {

  private static final Duration MAX_WAIT = Duration.ofSeconds(30);

  @TempDir Path directory;
  private Database database;
  private Engine engine;
  private Target target;
  private PlanStore plans;

  @BeforeEach
  void start() throws Exception {
    engine =
        new Engine(
            PluginHost.discover(getClass().getClassLoader(), directory.resolve("none")),
            EngineSettings.defaults(directory));
    database = Database.open(directory.resolve("loadline.db"));
    plans = new PlanStore(database);
    target = new Target();
  }

  @AfterEach
  void stop() throws Exception {
    target.close();
    database.close();
  }

  @Test
  void aBreachedLatencyThresholdFailsTheRunWithTheObservedValueKept() throws Exception {
    long planId = storePlan("2s", "/slow/100", "  - p95 < 50ms\n  - error_rate < 1%\n");

    try (RunService service = new RunService(database, engine)) {
      // A first run warms the JVM and the client up, so the second measures the target alone.
      service.awaitEnd(service.start(planId).id(), MAX_WAIT);
      long runId = service.start(planId).id();
      RunRecord ended = service.awaitEnd(runId, MAX_WAIT).orElseThrow();

      assertEquals(RunState.FAILED, ended.state());
      assertEquals("completed", ended.stopReason());
      ThresholdResult p95 = ended.thresholds().get(0);
      assertFalse(p95.passed());
      assertTrue(p95.observed() >= 100 && p95.observed() < 200, p95.toString());
      assertEquals(ended.summary().scenarios().getFirst().latency().p95Millis(), p95.observed());
      assertTrue(ended.thresholds().get(1).passed(), ended.thresholds().toString());
    }
    try (RunService reopened = new RunService(database, engine)) {
      RunRecord stored = reopened.find(2).orElseThrow();
      assertEquals(2, stored.thresholds().size(), "verdicts are persisted");
      assertFalse(stored.thresholdsPassed());
    }
  }

  @Test
  void thresholdsThatHoldPassTheRunAndTheStoredHistogramsMatchTheSummary() throws Exception {
    long planId = storePlan("2s", "/fast", "  - p95 < 5s\n  - dropped == 0\n  - rps > 1\n");

    try (RunService service = new RunService(database, engine)) {
      long runId = service.start(planId).id();
      RunRecord ended = service.awaitEnd(runId, MAX_WAIT).orElseThrow();

      assertEquals(RunState.PASSED, ended.state(), ended.thresholds().toString());
      ScenarioSummary scenario = ended.summary().scenarios().getFirst();
      assertEquals(scenario.requests(), scenario.successes() + scenario.failures());
      assertEquals(
          scenario.requests(), scenario.steps().stream().mapToLong(StepSummary::requests).sum());
      RunHistograms stored = service.histograms(runId);
      assertEquals(
          scenario.requests(),
          stored.scenarios().getFirst().steps().getFirst().latency().getTotalCount());
    }
  }

  @Test
  void aStepThatNoIterationReachedFailsItsThresholdWithNoData() throws Exception {
    // Step one answers after 3 s, long after the schedule and the graceful stop have ended.
    String source =
        """
        name: unreachable
        timeout: 10s
        gracefulStop: 200ms
        scenarios:
          - name: hit
            load: {model: constant, rate: 10/s, duration: 1s}
            steps:
              - name: first
                request: {url: '%s'}
              - name: second
                request: {url: '%s'}
        thresholds:
          - {threshold: p95 < 10s, step: second}
        """
            .formatted(target.url("/slow/3000"), target.url("/fast"));
    long planId = plans.create("unreachable", "yaml", source).id();

    try (RunService service = new RunService(database, engine)) {
      RunRecord ended = service.awaitEnd(service.start(planId).id(), MAX_WAIT).orElseThrow();

      ThresholdResult second = ended.thresholds().getFirst();
      assertEquals(RunState.FAILED, ended.state());
      assertNull(second.observed());
      assertEquals("no data", second.detail());
    }
  }

  @Test
  void anAbortOnFailBreachStopsALongRunSoonAfterItsDelay() throws Exception {
    long planId =
        storePlan(
            "60s",
            "/slow/100",
            "  - {threshold: p95 < 50ms, abortOnFail: true, delayAbortEval: 1s}\n");

    try (RunService service = new RunService(database, engine)) {
      long runId = service.start(planId).id();
      RunRecord ended = service.awaitEnd(runId, MAX_WAIT).orElseThrow();

      assertEquals(RunState.ABORTED, ended.state());
      assertEquals("threshold", ended.stopReason());
      // The breach shows in the first interval; the delay holds the abort until 1 s.
      assertTrue(ended.durationMillis() < 1_000 + 2_000 + 1_000, ended.durationMillis() + " ms");
      assertTrue(ended.durationMillis() >= 1_000, ended.durationMillis() + " ms");
      assertFalse(ended.thresholds().getFirst().passed());
    }
  }

  private long storePlan(String duration, String path, String thresholds) {
    String source =
        """
        name: thresholds
        timeout: 5s
        gracefulStop: 1s
        scenarios:
          - name: hit
            load: {model: constant, rate: 20/s, duration: %s}
            steps:
              - name: get
                request: {url: '%s'}
        thresholds:
        %s"""
            .formatted(duration, target.url(path), thresholds);
    return plans.create("thresholds", "yaml", source).id();
  }
}
