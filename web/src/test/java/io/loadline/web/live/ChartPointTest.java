package io.loadline.web.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.LatencySummary;
import io.loadline.engine.ScenarioInterval;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A chart point's rates come from the interval's achieved figures, not from its arrivals. */
class ChartPointTest {

  @Test
  void theStartedRateIsTheAchievedOneAndRequestsArePerSecondOfTheInterval() {
    // Half a second: 25 arrivals (50/s), 5 started (10/s), 20 dropped, 4 requests ended (8/s).
    ScenarioInterval capped =
        new ScenarioInterval(
            "capped",
            50.0,
            50.0,
            10.0,
            8.0,
            0.5,
            4,
            4,
            0,
            Map.of(),
            20,
            20,
            LatencySummary.EMPTY,
            LatencySummary.EMPTY,
            List.of(),
            null);
    ScenarioInterval other =
        new ScenarioInterval(
            "other",
            5.0,
            5.0,
            5.0,
            6.0,
            0.5,
            3,
            3,
            0,
            Map.of(),
            0,
            1,
            LatencySummary.EMPTY,
            LatencySummary.EMPTY,
            List.of(),
            null);

    ChartPoint point =
        ChartPoint.of(new IntervalSnapshot(7, Instant.EPOCH, List.of(capped, other)));

    assertEquals(55.0, point.targetRatePerSecond());
    assertEquals(15.0, point.startedPerSecond());
    assertEquals(14.0, point.requestsPerSecond());
    assertEquals(20, point.dropped());
  }
}
