package io.loadline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.LatencySummary;
import io.loadline.engine.ScenarioInterval;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesCsvTest {

  @Test
  void theRatesOfAnIntervalAreTheLastColumnsAfterTheOlderOnes() {
    LatencySummary latency = new LatencySummary(14, 1.0, 3.0, 2.5, 4.0, 4.25, 6.5, 7.0);
    ScenarioInterval browse =
        new ScenarioInterval(
            "browse",
            20.0,
            20.0,
            15.0,
            14.5,
            0.96,
            14,
            13,
            1,
            Map.of("status 500", 1L),
            5,
            2,
            latency,
            LatencySummary.EMPTY,
            List.of(),
            null);
    IntervalSnapshot snapshot =
        new IntervalSnapshot(3, Instant.parse("2026-12-04T10:00:04Z"), List.of(browse));

    List<String> lines = SeriesCsv.render(List.of(snapshot)).lines().toList();

    assertEquals(
        "second,ended_at,scenario,target_rate_per_s,arrival_rate_per_s,requests,successes,"
            + "failures,dropped,in_flight,latency_count,latency_p50_ms,latency_p90_ms,"
            + "latency_p95_ms,latency_p99_ms,latency_max_ms,started_per_s,requests_per_s,"
            + "interval_s",
        lines.get(0));
    assertEquals(
        "3,2026-12-04T10:00:04Z,browse,20,20,14,13,1,5,2,14,2.5,4,4.25,6.5,7,15,14.5,0.96",
        lines.get(1));
    assertEquals(2, lines.size());
  }
}
