package io.loadline.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.engine.LatencySummary;
import io.loadline.engine.RunSummary;
import io.loadline.engine.ScenarioSummary;
import io.loadline.engine.StepSummary;
import io.loadline.run.RunRecord;
import io.loadline.run.RunState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Comparisons of known figures: changes, percentages and regressions beyond the tolerance. */
class RunComparisonTest {

  @Test
  void slowerPercentilesMoreErrorsAndLessThroughputAreRegressionsBeyondTheTolerance() {
    RunRecord reference = run(1, 7, 100.0, 10, 0, 1000);
    RunRecord slower = run(2, 7, 120.0, 10, 5, 800);
    RunRecord similar = run(3, 7, 105.0, 10, 0, 980);

    RunComparison comparison = RunComparison.of(List.of(reference, slower, similar), 10);

    assertEquals(List.of(1L, 2L, 3L), comparison.runIds());
    assertTrue(comparison.regressed());
    RunComparison.Row scenario = comparison.rows().get(0);
    assertEquals("browse", scenario.label());
    assertEquals("browse / home", comparison.rows().get(1).label());
    RunComparison.MetricComparison p95 = metric(scenario, "p95");
    assertEquals(List.of(100.0, 120.0, 105.0), p95.values());
    assertEquals(20.0, p95.changes().get(0).absolute(), 1e-9);
    assertEquals(20.0, p95.changes().get(0).percent(), 1e-9);
    assertTrue(p95.changes().get(0).regression());
    assertFalse(p95.changes().get(1).regression(), "5 % is within a 10 % tolerance");
    RunComparison.MetricComparison errors = metric(scenario, "error_rate");
    assertEquals(100.0 * 5 / 800, errors.values().get(1), 1e-9);
    assertNull(errors.changes().get(0).percent(), "no percentage of a zero reference");
    assertTrue(errors.changes().get(0).regression(), "any worsening from zero is a regression");
    RunComparison.MetricComparison throughput = metric(scenario, "throughput");
    assertEquals(-20.5, throughput.changes().get(0).percent(), 1e-9, "795 successes, not 1000");
    assertTrue(throughput.changes().get(0).regression(), "less throughput is worse");
    assertFalse(throughput.changes().get(1).regression());
  }

  @Test
  void aServiceTimeP95BeyondTheToleranceIsARegressionEvenWhenTheCorrectedP95HoldsStill() {
    RunRecord reference = runWithServiceTime(1, 7, 100.0, 40.0, 0, 1000);
    RunRecord slowerService = runWithServiceTime(2, 7, 100.0, 50.0, 0, 1000);
    RunRecord similarService = runWithServiceTime(3, 7, 100.0, 43.0, 0, 1000);

    RunComparison comparison =
        RunComparison.of(List.of(reference, slowerService, similarService), 10);

    assertTrue(comparison.regressed());
    for (RunComparison.Row row : comparison.rows()) {
      RunComparison.MetricComparison service = metric(row, "service_p95");
      assertEquals(List.of(40.0, 50.0, 43.0), service.values(), row.label());
      assertEquals(10.0, service.changes().get(0).absolute(), 1e-9);
      assertEquals(25.0, service.changes().get(0).percent(), 1e-9);
      assertTrue(service.changes().get(0).regression(), "25 % is beyond a 10 % tolerance");
      assertEquals(7.5, service.changes().get(1).percent(), 1e-9);
      assertFalse(service.changes().get(1).regression(), "7.5 % is within a 10 % tolerance");
      assertFalse(metric(row, "p95").changes().get(0).regression(), "the corrected p95 held");
    }
    assertEquals(
        List.of("p50", "p90", "p95", "service_p95", "p99", "error_rate", "throughput"),
        comparison.rows().get(0).metrics().stream().map(m -> m.metric()).toList());

    RunComparison withinTolerance = RunComparison.of(List.of(reference, similarService), 10);
    assertFalse(withinTolerance.regressed(), "only a 7.5 % slower service time");
  }

  @Test
  void runsOfDifferentPlansOrTooFewRunsAreRefused() {
    IllegalArgumentException otherPlan =
        assertThrows(
            IllegalArgumentException.class,
            () -> RunComparison.of(List.of(run(1, 7, 1.0, 1, 0, 1), run(2, 8, 1.0, 1, 0, 1)), 10));
    assertTrue(otherPlan.getMessage().contains("compare runs of one plan"));
    assertThrows(
        IllegalArgumentException.class,
        () -> RunComparison.of(List.of(run(1, 7, 1.0, 1, 0, 1)), 10));
  }

  @Test
  void anInterruptedRunWithoutFiguresIsRefusedAsInterruptedNotAsNeverStarted() {
    RunRecord interrupted =
        new RunRecord(
            58,
            7,
            "plan",
            RunState.INTERRUPTED,
            "interrupted",
            Instant.EPOCH,
            Instant.EPOCH,
            Instant.EPOCH,
            null,
            null,
            null);

    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> RunComparison.of(List.of(run(57, 7, 1.0, 1, 0, 1), interrupted), 10));

    assertEquals(
        "Run 58 has no final figures: it was interrupted (the server stopped while it ran) before"
            + " it ended; leave it out.",
        refused.getMessage());
  }

  private static RunComparison.MetricComparison metric(RunComparison.Row row, String name) {
    return row.metrics().stream().filter(m -> m.metric().equals(name)).findFirst().orElseThrow();
  }

  /** A run of 1 s with one step; p50..p99 all equal {@code p95Millis}, service time's too. */
  private static RunRecord run(
      long id, long planId, double p95Millis, long unused, long failures, long requests) {
    return runWithServiceTime(id, planId, p95Millis, p95Millis, failures, requests);
  }

  /**
   * A run of 1 s with one step; the corrected p50..p99 all equal {@code p95Millis}, the service
   * time's all equal {@code serviceP95Millis}.
   */
  private static RunRecord runWithServiceTime(
      long id,
      long planId,
      double p95Millis,
      double serviceP95Millis,
      long failures,
      long requests) {
    LatencySummary latency = flat(requests, p95Millis);
    LatencySummary serviceTime = flat(requests, serviceP95Millis);
    long successes = requests - failures;
    StepSummary step =
        new StepSummary("home", requests, successes, failures, Map.of(), latency, serviceTime);
    ScenarioSummary scenario =
        new ScenarioSummary(
            "browse",
            requests,
            0,
            requests,
            successes,
            failures,
            Map.of(),
            0,
            (double) requests,
            (double) successes,
            latency,
            serviceTime,
            LatencySummary.EMPTY,
            List.of(step));
    return new RunRecord(
        id,
        planId,
        "plan",
        RunState.PASSED,
        "completed",
        Instant.EPOCH,
        Instant.EPOCH,
        Instant.EPOCH,
        1000L,
        new RunSummary(1.0, List.of(scenario)),
        null);
  }

  private static LatencySummary flat(long count, double millis) {
    return new LatencySummary(count, 1.0, millis, millis, millis, millis, millis, millis);
  }
}
