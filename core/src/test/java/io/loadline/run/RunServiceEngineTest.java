package io.loadline.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.ConflictException;
import io.loadline.engine.Engine;
import io.loadline.engine.EngineSettings;
import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.ScenarioSummary;
import io.loadline.plan.PlanValidationException;
import io.loadline.pluginhost.PluginHost;
import io.loadline.pluginhost.PluginRegistry;
import io.loadline.store.Database;
import io.loadline.store.PlanStore;
import io.loadline.testsupport.RunThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs through the real engine and the built-in plugins against a real Jetty target on 127.0.0.1,
 * with the run service persisting to a real SQLite file. Every run is a few seconds at most.
 */
class RunServiceEngineTest {

  private static final Logger log = LoggerFactory.getLogger(RunServiceEngineTest.class);
  private static final Duration MAX_WAIT = Duration.ofSeconds(30);

  @TempDir Path directory;
  private Database database;
  private Engine engine;
  private Target target;
  private PlanStore plans;

  @BeforeEach
  void start() throws Exception {
    PluginRegistry plugins =
        PluginHost.discover(getClass().getClassLoader(), directory.resolve("no-plugins"));
    engine = new Engine(plugins, EngineSettings.defaults(directory));
    database = Database.open(directory.resolve("loadline.db"));
    plans = new PlanStore(database);
    target = new Target();
  }

  @AfterEach
  void stop() throws Exception {
    if (target != null) {
      target.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void aScheduleThatRunsToItsEndPassesWithTimesSummaryAndSeries() throws Exception {
    long planId = storePlan("50/s", "2s", "/fast");

    try (RunService service = new RunService(database, engine)) {
      RunRecord started = service.start(planId);
      RunRecord ended = service.awaitEnd(started.id(), MAX_WAIT).orElseThrow();

      assertEquals(RunState.RUNNING, started.state());
      assertNotNull(started.startedAt());
      assertEquals(RunState.PASSED, ended.state());
      assertEquals("completed", ended.stopReason());
      assertEquals(started.startedAt(), ended.startedAt());
      assertFalse(ended.endedAt().isBefore(ended.startedAt()));
      long expectedMillis = Duration.between(ended.startedAt(), ended.endedAt()).toMillis();
      assertTrue(Math.abs(ended.durationMillis() - expectedMillis) <= 1, ended.toString());
      ScenarioSummary scenario = ended.summary().scenarios().getFirst();
      assertTrue(scenario.requests() > 0, scenario.toString());
      assertEquals(scenario.requests(), scenario.successes());
      assertTrue(target.answered() >= scenario.successes());

      List<IntervalSnapshot> series = service.series(started.id());
      assertFalse(series.isEmpty(), "no run_series row was written");
      assertEquals(series.size(), seriesRows(started.id()));
      for (int index = 1; index < series.size(); index++) {
        assertTrue(series.get(index).second() > series.get(index - 1).second());
      }
      ConflictException error =
          assertThrows(ConflictException.class, () -> service.stop(started.id()));
      assertTrue(error.getMessage().contains("PASSED"), error.getMessage());
    }
  }

  @Test
  void everyListenerIsToldOfTheEndBeforeItsWaitersGoOn() throws Exception {
    long planId = storePlan("20/s", "1s", "/fast");
    List<Long> told = new CopyOnWriteArrayList<>();

    try (RunService service = new RunService(database, engine)) {
      // A slow listener: before, awaitEnd returned while it was still being told.
      service.addListener(
          new RunListener() {
            @Override
            public void onEnded(long runId) {
              sleepQuietly(Duration.ofMillis(300));
              told.add(runId);
            }
          });
      long runId = service.start(planId).id();
      RunRecord ended = service.awaitEnd(runId, MAX_WAIT).orElseThrow();

      assertEquals(RunState.PASSED, ended.state());
      assertEquals(List.of(runId), told);
      assertFalse(service.activeRunIds().contains(runId));
    }
  }

  @Test
  void aStoppedRunEndsCancelledWithEndTimeAndDurationAndStaysCancelled() throws Exception {
    long planId = storePlan("20/s", "20s", "/slow/300");

    try (RunService service = new RunService(database, engine)) {
      long runId = service.start(planId).id();
      RunRecord midway = service.awaitEnd(runId, Duration.ofMillis(1_500)).orElseThrow();
      RunRecord stopping = service.stop(runId);
      RunRecord ended = service.awaitEnd(runId, MAX_WAIT).orElseThrow();

      assertEquals(RunState.RUNNING, midway.state());
      assertNotNull(midway.summary(), "a running run shows its live summary");
      assertEquals("stopped by user", stopping.stopReason());
      assertEquals(RunState.CANCELLED, ended.state());
      assertEquals("stopped by user", ended.stopReason());
      assertNotNull(ended.endedAt());
      assertNotNull(ended.durationMillis());
      assertNotNull(ended.summary());
      assertTrue(
          Duration.between(ended.startedAt(), ended.endedAt()).compareTo(Duration.ofSeconds(20))
              < 0,
          "the stop ended the run before its 20 s schedule: " + ended);
      assertThrows(ConflictException.class, () -> service.stop(runId));

      Thread.sleep(300);
      assertEquals(ended, service.find(runId).orElseThrow());
    }
  }

  @Test
  void aStopRacingTheScheduleEndEndsCancelledOrPassedAndNeverChanges() throws Exception {
    long planId = storePlan("50/s", "1s", "/fast");
    long[] stopOffsetsMillis = {900, 960, 1_000, 1_000, 1_040, 1_100};
    List<String> outcomes = new ArrayList<>();

    try (RunService service = new RunService(database, engine)) {
      for (long offsetMillis : stopOffsetsMillis) {
        RunRecord started = service.start(planId);
        sleepUntil(started.startedAt().plusMillis(offsetMillis));
        boolean stopAccepted = tryStop(service, started.id());
        RunRecord ended = service.awaitEnd(started.id(), MAX_WAIT).orElseThrow();

        RunState expected = stopAccepted ? RunState.CANCELLED : RunState.PASSED;
        assertEquals(expected, ended.state(), "stop accepted: " + stopAccepted + ", " + ended);
        assertNotNull(ended.endedAt());
        assertNotNull(ended.durationMillis());
        Thread.sleep(200);
        assertEquals(ended, service.find(started.id()).orElseThrow());
        assertEquals(expected.name(), storedState(started.id()));
        outcomes.add(offsetMillis + " ms: " + ended.state());
      }
    }
    log.info("Stop racing the schedule's end: {}", outcomes);
  }

  @Test
  void closingTheServiceCancelsActiveRunsWithReasonShutdown() throws Exception {
    long planId = storePlan("20/s", "20s", "/slow/200");
    RunService service = new RunService(database, engine);
    long runId = service.start(planId).id();
    service.awaitEnd(runId, Duration.ofMillis(700));

    service.close();
    service.close();

    RunRecord ended = service.find(runId).orElseThrow();
    assertEquals(RunState.CANCELLED, ended.state());
    assertEquals("shutdown", ended.stopReason());
    assertNotNull(ended.endedAt());
    assertNotNull(ended.durationMillis());
    try (RunService restarted = new RunService(database, engine)) {
      assertEquals(RunState.CANCELLED, restarted.find(runId).orElseThrow().state());
    }
  }

  @Test
  void aSlowIntervalConsumerNeitherHoldsUpTheEnginesTimerNorLosesARow() throws Exception {
    long planId = storePlan("20/s", "3s", "/fast");
    CountDownLatch release = new CountDownLatch(1);
    List<Long> heard = new CopyOnWriteArrayList<>();

    try (RunService service = new RunService(database, engine)) {
      // A listener stuck on the first interval stands for a slow database write.
      service.addListener(
          new RunListener() {
            @Override
            public void onInterval(long runId, IntervalSnapshot snapshot) {
              heard.add(snapshot.second());
              awaitQuietly(release);
            }
          });
      long runId = service.start(planId).id();

      // The engine's timer goes on reporting while the run's own thread is stuck.
      long reportedWhileStuck = awaitLatestSecond(service, runId, 2);
      assertEquals(List.of(0L), heard, "the stuck thread heard only the first interval");
      release.countDown();
      RunRecord ended = service.awaitEnd(runId, MAX_WAIT).orElseThrow();

      assertTrue(reportedWhileStuck >= 2, "latest second " + reportedWhileStuck);
      assertEquals(RunState.PASSED, ended.state());
      List<IntervalSnapshot> series = service.series(runId);
      for (int index = 0; index < series.size(); index++) {
        assertEquals(index, series.get(index).second(), "rows in order, none missing");
      }
      assertEquals(series.stream().map(IntervalSnapshot::second).toList(), heard);
      double elapsed = ended.summary().elapsedSeconds();
      // One row per tick that fired and one for the last part-second; a tick that came late
      // under load (as on a busy CI machine) folds its second into the last row, so a
      // run of 4.0002 s may have 4 rows.
      assertTrue(
          series.size() >= Math.floor(elapsed) && series.size() <= Math.floor(elapsed) + 1,
          series.size() + " rows for " + elapsed + " s");
      long requestsInRows =
          series.stream().mapToLong(snapshot -> snapshot.scenarios().getFirst().requests()).sum();
      assertEquals(ended.summary().scenarios().getFirst().requests(), requestsInRows);
      assertFalse(
          threadAlive(SeriesWriter.threadName(runId)), "the run's series thread outlived it");
    }
  }

  private static long awaitLatestSecond(RunService service, long runId, long second)
      throws InterruptedException {
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    long latest = -1;
    while (latest < second && System.nanoTime() < deadline) {
      latest = service.latestInterval(runId).map(IntervalSnapshot::second).orElse(-1L);
      Thread.sleep(20);
    }
    return latest;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepQuietly(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean threadAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(thread -> thread.isAlive() && thread.getName().equals(name));
  }

  @Test
  void closingWaitsForTheRunsThreadsNotOnlyForItsEndAndRecordsItCancelled() throws Exception {
    String source =
        """
        name: late-threads
        gracefulStop: 500ms
        scenarios:
          - name: hit
            load: {model: constant, rate: 10/s, duration: 30s}
            steps:
              - request: {url: "%s"}
        """
            .formatted(target.url("/fast"));
    long planId = plans.create("late-threads", "yaml", source).id();
    RunService service = new RunService(database, engine);
    // Told of the end on the run's own coordinator thread, after the end is recorded: a slow
    // listener keeps that thread alive a while after the run has ended.
    service.addListener(
        new RunListener() {
          @Override
          public void onEnded(long runId) {
            sleepQuietly(Duration.ofSeconds(1));
          }
        });
    long runId = service.start(planId).id();
    awaitLatestSecond(service, runId, 0);

    service.close();

    // Checked at once: close() must have waited for the run's threads.
    RunThreads.assertNoneSurvive(
        Duration.ZERO, "loadline-late-threads-", SeriesWriter.threadName(runId));
    RunRecord ended = service.find(runId).orElseThrow();
    assertEquals(RunState.CANCELLED, ended.state());
    assertEquals("shutdown", ended.stopReason());
  }

  @Test
  void aPlanThatNoLongerValidatesStartsNoRun() {
    String source =
        """
        name: broken
        scenarios:
          - name: hit
            load: {model: constant, rate: fast, duration: 1s}
            steps:
              - request: {method: GET, url: %s}
        """
            .formatted(target.url("/fast"));
    long planId = plans.create("broken", "yaml", source).id();

    try (RunService service = new RunService(database, engine)) {
      assertThrows(PlanValidationException.class, () -> service.start(planId));
      assertEquals(List.of(), service.list(Optional.empty(), 10));
    }
  }

  @Test
  void waitsLongerThanALongOfNanosecondsSaturateInsteadOfThrowing() throws Exception {
    long planId = storePlan("20/s", "500ms", "/fast");
    Duration forever = java.time.temporal.ChronoUnit.FOREVER.getDuration();

    RunService service = new RunService(database, engine);
    long runId = service.start(planId).id();
    RunRecord ended = service.awaitEnd(runId, forever).orElseThrow();
    long stillRunning = service.start(planId).id();
    service.close();

    assertEquals(RunState.PASSED, ended.state());
    assertTrue(service.find(stillRunning).orElseThrow().state().isTerminal());
  }

  private long storePlan(String rate, String duration, String path) {
    String source =
        """
        name: run-service-test
        timeout: 5s
        gracefulStop: 5s
        scenarios:
          - name: hit
            load:
              model: constant
              rate: %s
              duration: %s
            steps:
              - name: call
                request:
                  method: GET
                  url: %s
        """
            .formatted(rate, duration, target.url(path));
    return plans.create("run-service-test", "yaml", source).id();
  }

  @Test
  void anEngineErrorEndsTheRunInErrorWithReasonErrorAndTheEnginesMessage() throws Exception {
    Files.writeString(directory.resolve("two-ids.csv"), "id\n1\n2\n");
    String source =
        """
        name: run-service-error
        scenarios:
          - name: fed
            load: {model: constant, rate: 20/s, duration: 5s}
            feeder: {type: csv, file: two-ids.csv, strategy: queue}
            steps:
              - request: {url: '%s'}
        """
            .formatted(target.url("/fast?id={{id}}"));
    long planId = plans.create("run-service-error", "yaml", source).id();

    try (RunService service = new RunService(database, engine)) {
      RunRecord ended = service.awaitEnd(service.start(planId).id(), MAX_WAIT).orElseThrow();

      assertEquals(RunState.ERROR, ended.state());
      assertEquals("error", ended.stopReason());
      assertTrue(ended.error().contains("ran out of feeder records"), ended.error());
      assertEquals(2, ended.summary().scenarios().getFirst().arrivals());
    }
  }

  private static boolean tryStop(RunService service, long runId) {
    try {
      service.stop(runId);
      return true;
    } catch (ConflictException e) {
      return false;
    }
  }

  private static void sleepUntil(Instant moment) throws InterruptedException {
    long millis = Duration.between(Instant.now(), moment).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  private long seriesRows(long runId) {
    return database.withHandle(
        handle ->
            handle
                .createQuery("SELECT COUNT(*) FROM run_series WHERE run_id = ?")
                .bind(0, runId)
                .mapTo(Long.class)
                .one());
  }

  private String storedState(long runId) {
    return database.withHandle(
        handle ->
            handle
                .createQuery("SELECT state FROM runs WHERE id = ?")
                .bind(0, runId)
                .mapTo(String.class)
                .one());
  }
}
