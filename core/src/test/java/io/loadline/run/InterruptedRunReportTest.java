package io.loadline.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.LatencySummary;
import io.loadline.engine.ScenarioInterval;
import io.loadline.report.RunReport;
import io.loadline.store.Database;
import io.loadline.store.PlanStore;
import io.loadline.store.StoredPlan;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a run the server's end interrupted: no final summary, but a stored series. */
class InterruptedRunReportTest {

  @TempDir Path directory;
  private Database database;

  @BeforeEach
  void open() {
    database = Database.open(directory.resolve("loadline.db"));
  }

  @AfterEach
  void close() {
    database.close();
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
            snapshot(0, interval("a", 10, 4, 3, 1, 2), interval("b", 1, 1, 1, 0, 0)),
            snapshot(1, interval("a", 10, 3, 1, 2, 0)),
            snapshot(2, interval("a", 10, 2, 2, 0, 1))));
    assertEquals(1, runs.interruptActive(Instant.ofEpochMilli(9_000)));

    RunRecord run = runs.find(id).orElseThrow();
    RunReport report = RunReport.of(run, null, runs.series(id));

    assertEquals("INTERRUPTED", report.state());
    assertNull(report.summary());
    assertEquals(RunReport.FROM_SERIES, report.summarySource());
    assertEquals(new RunReport.Totals(31, 3, 10, 7, 3, 0), report.totals());
  }

  private static ScenarioInterval interval(
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

  private static IntervalSnapshot snapshot(long second, ScenarioInterval... scenarios) {
    return new IntervalSnapshot(
        second, Instant.ofEpochMilli(3_000 + second * 1_000), List.of(scenarios));
  }
}
