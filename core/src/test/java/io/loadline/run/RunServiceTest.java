package io.loadline.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.ConflictException;
import io.loadline.NotFoundException;
import io.loadline.engine.Engine;
import io.loadline.engine.EngineSettings;
import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.LatencySummary;
import io.loadline.engine.RunSummary;
import io.loadline.engine.ScenarioInterval;
import io.loadline.engine.ScenarioSummary;
import io.loadline.engine.StepSummary;
import io.loadline.pluginhost.PluginRegistry;
import io.loadline.report.RunReport;
import io.loadline.store.Database;
import io.loadline.store.PlanStore;
import io.loadline.store.StoredPlan;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run service's bookkeeping, on a real database, with no run reaching the engine. */
class RunServiceTest {

  private static final String SOURCE = "name: stored\nscenarios: []\n";

  @TempDir Path directory;
  private Path file;
  private Database database;
  private Engine engine;

  @BeforeEach
  void open() {
    file = directory.resolve("loadline.db");
    database = Database.open(file);
    engine = new Engine(new PluginRegistry(List.of()), EngineSettings.defaults(directory));
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void runsLeftActiveByAGoneProcessAreMarkedInterruptedAtConstruction() {
    long planId = new PlanStore(database).create("p", "yaml", SOURCE).id();
    long running = insertRun(planId, "RUNNING", 1_000L);
    long pending = insertRun(planId, "PENDING", null);
    long passed = insertRun(planId, "PASSED", 1_000L);

    try (RunService service = new RunService(database, engine)) {
      RunRecord wasRunning = service.find(running).orElseThrow();
      assertEquals(RunState.INTERRUPTED, wasRunning.state());
      assertEquals("interrupted", wasRunning.stopReason());
      assertNotNull(wasRunning.endedAt());
      assertNull(wasRunning.durationMillis());
      assertEquals(RunState.INTERRUPTED, service.find(pending).orElseThrow().state());
      assertEquals(RunState.PASSED, service.find(passed).orElseThrow().state());
    }
  }

  @Test
  void unknownIdsAreNotFound() throws InterruptedException {
    try (RunService service = new RunService(database, engine)) {
      assertThrows(NotFoundException.class, () -> service.start(404));
      assertThrows(NotFoundException.class, () -> service.stop(404));
      assertEquals(Optional.empty(), service.find(404));
      assertEquals(Optional.empty(), service.awaitEnd(404, Duration.ofMillis(10)));
      assertEquals(List.of(), service.series(404));
    }
  }

  @Test
  void stoppingARunThatHasEndedIsAConflict() {
    long planId = new PlanStore(database).create("p", "yaml", SOURCE).id();
    long passed = insertRun(planId, "PASSED", 1_000L);

    try (RunService service = new RunService(database, engine)) {
      ConflictException error = assertThrows(ConflictException.class, () -> service.stop(passed));
      assertTrue(error.getMessage().contains("PASSED"), error.getMessage());
    }
  }

  @Test
  void aClosedServiceRefusesNewRunsAndClosesOnce() {
    long planId = new PlanStore(database).create("p", "yaml", SOURCE).id();
    RunService service = new RunService(database, engine);

    service.close();
    service.close();

    assertThrows(ConflictException.class, () -> service.start(planId));
  }

  @Test
  void aTerminalStateIsWrittenOnceAndLaterEndsChangeNothing() {
    StoredPlan plan = new PlanStore(database).create("p", "yaml", SOURCE);
    RunStore runs = new RunStore(database);
    long id = runs.insertPending(plan, Instant.ofEpochMilli(1_000));
    Instant started = Instant.ofEpochMilli(2_000);
    Instant ended = Instant.ofEpochMilli(5_000);

    assertTrue(runs.markRunning(id, started));
    assertTrue(
        runs.finish(
            id,
            new RunEnding(
                RunState.CANCELLED, "stopped by user", started, ended, 3_000L, null, null)));
    boolean overwritten =
        runs.finish(
            id,
            new RunEnding(
                RunState.PASSED,
                "completed",
                started,
                Instant.ofEpochMilli(9_000),
                7_000L,
                null,
                null));
    boolean restarted = runs.markRunning(id, started);

    RunRecord record = runs.find(id).orElseThrow();
    assertEquals(false, overwritten);
    assertEquals(false, restarted);
    assertEquals(RunState.CANCELLED, record.state());
    assertEquals("stopped by user", record.stopReason());
    assertEquals(ended, record.endedAt());
    assertEquals(3_000L, record.durationMillis());
  }

  @Test
  void runsSummariesAndSeriesSurviveCloseAndReopenAndPlanDeletion() {
    PlanStore plans = new PlanStore(database);
    StoredPlan plan = plans.create("kept", "yaml", SOURCE);
    RunStore runs = new RunStore(database);
    long id = runs.insertPending(plan, Instant.ofEpochMilli(1_000));
    Instant started = Instant.ofEpochMilli(2_000);
    runs.markRunning(id, started);
    IntervalSnapshot first = snapshot(0);
    IntervalSnapshot second = snapshot(1);
    runs.appendInterval(id, second);
    runs.appendInterval(id, first);
    RunSummary summary = summary();
    runs.finish(
        id,
        new RunEnding(
            RunState.PASSED,
            "completed",
            started,
            Instant.ofEpochMilli(4_000),
            2_000L,
            summary,
            null));
    plans.delete(plan.id());
    database.close();

    database = Database.open(file);
    try (RunService service = new RunService(database, engine)) {
      RunRecord record = service.find(id).orElseThrow();
      assertEquals(RunState.PASSED, record.state());
      assertEquals("kept", record.planName());
      assertEquals(plan.id(), record.planId());
      assertEquals(started, record.startedAt());
      assertEquals(summary, record.summary());
      assertEquals(List.of(first, second), service.series(id));
      assertEquals(List.of(record), service.list(Optional.of(plan.id()), 10));
      assertEquals(List.of(), service.list(Optional.of(plan.id() + 1), 10));
      assertEquals(Optional.of(SOURCE), service.planSource(id));
    }
  }

  @Test
  void runsAreListedNewestFirstUpToTheLimit() {
    long planId = new PlanStore(database).create("p", "yaml", SOURCE).id();
    long older = insertRun(planId, "PASSED", 1_000L);
    long newer = insertRun(planId, "CANCELLED", 1_000L);
    long newest = insertRun(planId, "ERROR", null);

    try (RunService service = new RunService(database, engine)) {
      assertEquals(
          List.of(newest, newer, older),
          service.list(Optional.empty(), 10).stream().map(RunRecord::id).toList());
      assertEquals(
          List.of(newest, newer),
          service.list(Optional.of(planId), 2).stream().map(RunRecord::id).toList());
    }
  }

  private long insertRun(long planId, String state, Long startedAt) {
    return database.inTransaction(
        handle ->
            handle
                .createUpdate(
                    "INSERT INTO runs (plan_id, plan_name, plan_source, state, created_at,"
                        + " started_at) VALUES (?, 'p', ?, ?, 500, ?)")
                .bind(0, planId)
                .bind(1, SOURCE)
                .bind(2, state)
                .bind(3, startedAt)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
  }

  @Test
  void aChartSeriesOfALongRunIsEveryKthSecondEndingAtTheNewest() {
    long planId = new PlanStore(database).create("p", "yaml", SOURCE).id();
    long longRun = insertRun(planId, "PASSED", 1_000L);
    long shortRun = insertRun(planId, "PASSED", 1_000L);
    RunStore store = new RunStore(database);
    store.appendIntervals(longRun, snapshots(10_000));
    store.appendIntervals(shortRun, snapshots(100));

    try (RunService service = new RunService(database, engine)) {
      List<IntervalSnapshot> sampled = service.seriesSampled(longRun, 3_600);
      List<IntervalSnapshot> whole = service.seriesSampled(shortRun, 3_600);
      List<IntervalSnapshot> none = service.seriesSampled(404, 3_600);

      // 10,000 seconds in at most 3,600 points: every 3rd second, counted back from 9,999.
      assertEquals(3_334, sampled.size());
      assertEquals(9_999, sampled.getLast().second());
      assertEquals(0, sampled.getFirst().second());
      for (int index = 1; index < sampled.size(); index++) {
        assertEquals(3, sampled.get(index).second() - sampled.get(index - 1).second());
      }
      assertEquals(100, whole.size());
      assertEquals(99, whole.getLast().second());
      assertEquals(List.of(), none);
    }
  }

  @Test
  void theTotalsOfAnInterruptedRunAreTheSumsOfItsStoredSeries() {
    StoredPlan plan = new PlanStore(database).create("p", "yaml", "name: p\nscenarios: []\n");
    RunStore runs = new RunStore(database);
    long id = runs.insertPending(plan, Instant.ofEpochMilli(1_000));
    runs.markRunning(id, Instant.ofEpochMilli(2_000));
    // Three seconds of 10 arrivals, then the server dies; the restart marks the run.
    runs.appendIntervals(
        id,
        List.of(
            reportedSecond(
                0, reportedInterval("a", 10, 4, 3, 1, 2), reportedInterval("b", 1, 1, 1, 0, 0)),
            reportedSecond(1, reportedInterval("a", 10, 3, 1, 2, 0)),
            reportedSecond(2, reportedInterval("a", 10, 2, 2, 0, 1))));
    assertEquals(1, runs.interruptActive(Instant.ofEpochMilli(9_000)));

    RunRecord run = runs.find(id).orElseThrow();
    RunReport report = RunReport.of(run, null, runs.series(id));

    assertEquals("INTERRUPTED", report.state());
    assertNull(report.summary());
    assertEquals(RunReport.FROM_SERIES, report.summarySource());
    assertEquals(new RunReport.Totals(31, 3, 10, 7, 3, 0), report.totals());
  }

  private static ScenarioInterval reportedInterval(
      String scenario, long arrivals, long requests, long successes, long failures, long dropped) {
    LatencySummary latency = new LatencySummary(requests, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0);
    return new ScenarioInterval(
        scenario,
        10.0,
        arrivals,
        requests,
        successes,
        failures,
        Map.of("server_error", failures),
        dropped,
        0,
        latency);
  }

  private static IntervalSnapshot reportedSecond(long second, ScenarioInterval... scenarios) {
    return new IntervalSnapshot(
        second, Instant.ofEpochMilli(3_000 + second * 1_000), List.of(scenarios));
  }

  private static List<IntervalSnapshot> snapshots(int seconds) {
    return LongStream.range(0, seconds).mapToObj(RunServiceTest::snapshot).toList();
  }

  private static IntervalSnapshot snapshot(long second) {
    LatencySummary latency = new LatencySummary(10, 1.0, 2.5, 2.0, 4.0, 4.5, 5.0, 5.0);
    ScenarioInterval interval =
        new ScenarioInterval(
            "browse", 10.0, 10.0, 10, 9, 1, Map.of("status 500", 1L), 0, 2, latency);
    return new IntervalSnapshot(
        second, Instant.ofEpochMilli(3_000 + second * 1_000), List.of(interval));
  }

  private static RunSummary summary() {
    StepSummary step =
        new StepSummary("home", 20, 20, 0, Map.of(), LatencySummary.EMPTY, LatencySummary.EMPTY);
    ScenarioSummary scenario =
        new ScenarioSummary(
            "browse",
            20,
            0,
            20,
            20,
            0,
            Map.of(),
            0,
            10.0,
            10.0,
            LatencySummary.EMPTY,
            LatencySummary.EMPTY,
            LatencySummary.EMPTY,
            List.of(step));
    return new RunSummary(2.0, List.of(scenario));
  }
}
