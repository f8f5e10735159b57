package io.loadline.web.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.LatencySummary;
import io.loadline.engine.RunSummary;
import io.loadline.engine.ScenarioInterval;
import io.loadline.engine.ScenarioSummary;
import io.loadline.engine.StepSummary;
import io.loadline.run.RunRecord;
import io.loadline.run.RunState;
import io.loadline.web.ops.RunMetrics.RunView;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The scrape built from the runs read: each run once, whatever it did while being read. */
class RunMetricsSnapshotTest {

  private static final Instant STARTED = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void aRunSeenActiveAndThenFinishedInOneScrapeIsShownOnceWithItsFinalFigures() throws IOException {
    RunView seenActive =
        new RunView(run(RunState.RUNNING, 40, 2), Optional.of(interval(7)), Map.of());
    RunView seenFinished = new RunView(run(RunState.CANCELLED, 55, 3), Optional.empty(), Map.of());

    String exposition = write(RunMetrics.snapshotOf(List.of(seenActive), List.of(seenFinished)));

    List<String> successLines = lines(exposition, "loadline_requests_total{", "success");
    assertEquals(1, successLines.size(), exposition);
    assertTrue(successLines.get(0).endsWith(" 52.0"), successLines.get(0));
    assertEquals(List.of("loadline_active_runs 0.0"), lines(exposition, "loadline_active_runs "));
    assertEquals(
        List.of("loadline_active_virtual_users 0.0"),
        lines(exposition, "loadline_active_virtual_users "));
    List<String> inFlight = lines(exposition, "loadline_in_flight_iterations{");
    assertEquals(1, inFlight.size(), exposition);
    assertTrue(inFlight.get(0).endsWith(" 0.0"), "a finished run has nothing in flight");
  }

  @Test
  void anActiveRunShowsItsInFlightIterationsAsVirtualUsers() throws IOException {
    RunView active = new RunView(run(RunState.RUNNING, 40, 2), Optional.of(interval(7)), Map.of());

    String exposition = write(RunMetrics.snapshotOf(List.of(active), List.of()));

    assertEquals(List.of("loadline_active_runs 1.0"), lines(exposition, "loadline_active_runs "));
    assertEquals(
        List.of("loadline_active_virtual_users 7.0"),
        lines(exposition, "loadline_active_virtual_users "));
  }

  @Test
  void theRateGaugesReadTheNewestIntervalWhileActiveAndZeroOnceEnded() throws IOException {
    // 20 arrivals came due in 0.8 s, 4 of them started (the others were dropped at the cap).
    ScenarioInterval capped =
        new ScenarioInterval(
            "browse",
            25.0,
            25.0,
            5.0,
            7.5,
            0.8,
            6,
            6,
            0,
            Map.of(),
            16,
            2,
            LatencySummary.EMPTY,
            LatencySummary.EMPTY,
            List.of(),
            null);
    RunView active =
        new RunView(
            run(RunState.RUNNING, 40, 2),
            Optional.of(new IntervalSnapshot(4, STARTED.plusSeconds(4), List.of(capped))),
            Map.of());
    RunView ended = new RunView(run(RunState.PASSED, 40, 2), Optional.empty(), Map.of());

    String during = write(RunMetrics.snapshotOf(List.of(active), List.of()));
    String after = write(RunMetrics.snapshotOf(List.of(), List.of(ended)));

    assertEquals(25.0, rate(during, "loadline_arrival_rate_per_second"));
    assertEquals(5.0, rate(during, "loadline_achieved_rate_per_second"));
    assertEquals(7.5, rate(during, "loadline_request_rate_per_second"));
    assertEquals(0.0, rate(after, "loadline_achieved_rate_per_second"));
    assertEquals(0.0, rate(after, "loadline_request_rate_per_second"));
  }

  /** The value of the one series of the gauge, which must carry the run's and scenario's labels. */
  private static double rate(String exposition, String gauge) {
    String labels = "{plan=\"plan\",run=\"1\",scenario=\"browse\"} ";
    List<String> found = lines(exposition, gauge + "{");
    assertEquals(1, found.size(), exposition);
    assertTrue(found.get(0).startsWith(gauge + labels), found.get(0));
    return Double.parseDouble(found.get(0).substring((gauge + labels).length()));
  }

  private static RunRecord run(RunState state, long requests, long serverErrors) {
    Map<String, Long> failures = Map.of("http_5xx", serverErrors);
    StepSummary step =
        new StepSummary(
            "home",
            requests,
            requests - serverErrors,
            serverErrors,
            failures,
            LatencySummary.EMPTY,
            LatencySummary.EMPTY);
    ScenarioSummary scenario =
        new ScenarioSummary(
            "browse",
            requests,
            0,
            requests,
            requests - serverErrors,
            serverErrors,
            failures,
            0,
            null,
            null,
            LatencySummary.EMPTY,
            LatencySummary.EMPTY,
            LatencySummary.EMPTY,
            List.of(step));
    boolean ended = state.isTerminal();
    return new RunRecord(
        1,
        1,
        "plan",
        state,
        ended ? "shutdown" : null,
        STARTED,
        STARTED,
        ended ? STARTED.plusSeconds(5) : null,
        ended ? 5_000L : null,
        new RunSummary(5, List.of(scenario)),
        null);
  }

  private static IntervalSnapshot interval(long inFlight) {
    ScenarioInterval scenario =
        new ScenarioInterval(
            "browse", 10, 10, 10, 10, 0, Map.of(), 0, inFlight, LatencySummary.EMPTY);
    return new IntervalSnapshot(4, STARTED.plusSeconds(4), List.of(scenario));
  }

  private static String write(MetricSnapshots snapshots) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(body, snapshots, EscapingScheme.UNDERSCORE_ESCAPING);
    return body.toString(StandardCharsets.UTF_8);
  }

  private static List<String> lines(String exposition, String prefix, String... parts) {
    return exposition
        .lines()
        .filter(line -> line.startsWith(prefix))
        .filter(line -> List.of(parts).stream().allMatch(line::contains))
        .toList();
  }
}
