package io.loadline.engine;

import static io.loadline.engine.TestPlans.plan;
import static io.loadline.engine.TestPlans.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.plan.Plan;
import io.loadline.testsupport.TestTarget;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rates of each interval snapshot (planned, arrived, achieved and requests, kept apart), and
 * the agreement of its counts with each other.
 */
class IntervalRatesTest {

  private static final double RATE = 50;
  private static final int CAP = 20;

  private static TestTarget target;
  private final Engine engine = new Engine(TestPlans.builtInPlugins(), TestPlans.settings());

  @BeforeAll
  static void startTarget() throws Exception {
    target = new TestTarget();
  }

  @AfterAll
  static void stopTarget() throws Exception {
    target.close();
  }

  @Test
  void theAchievedRateCountsStartedIterationsNotTheDroppedArrivals() throws Exception {
    // 20 slots held 2 s each admit 10 iterations a second, whatever the 50/s schedule asks for.
    // Five seconds of schedule, so that the first four intervals all end within it.
    Plan base = plan(scenario(0, "50/s", "5s", target.url("/slow/2000")));
    Plan plan = new Plan("capped", null, CAP, Duration.ofSeconds(3), base.scenarios());
    List<IntervalSnapshot> snapshots = new CopyOnWriteArrayList<>();

    RunResult result =
        engine.start(engine.compile(plan), snapshots::add).completion().get(30, TimeUnit.SECONDS);

    ScenarioSummary summary = result.summary().scenarios().getFirst();
    List<ScenarioInterval> full =
        snapshots.stream()
            .map(snapshot -> snapshot.scenarios().getFirst())
            .filter(interval -> interval.intervalSeconds() > 0.9)
            .limit(4)
            .toList();
    System.out.printf("cap %d at 50/s against 2 s answers: %s%n", CAP, full);
    assertEquals(4, full.size(), "four full seconds: " + snapshots);
    double startedOverFourSeconds = 0;
    for (ScenarioInterval interval : full) {
      assertEquals(RATE, interval.targetRatePerSecond(), 1e-9);
      assertEquals(RATE, interval.arrivalRatePerSecond(), RATE * 0.1);
      assertTrue(interval.startedPerSecond() <= CAP / interval.intervalSeconds() + 1e-9, "" + full);
      assertEquals(
          interval.arrivalRatePerSecond(),
          interval.startedPerSecond() + interval.dropped() / interval.intervalSeconds(),
          1e-6);
      startedOverFourSeconds += interval.startedPerSecond() * interval.intervalSeconds();
    }
    // The cap frees its slots once every 2 s: 20 start in [0 s, 0.4 s) and 20 from 2 s on.
    assertEquals(2 * CAP, startedOverFourSeconds, 2.0, "started in 4 s, 10/s: " + full);
    assertEquals(summary.arrivals() - summary.dropped(), totalStarted(snapshots), 1e-6);
  }

  @Test
  void everyIntervalCarriesItsLengthAndItsRequestRatePerStep() throws Exception {
    Plan plan = plan(scenario(0, "20/s", "2s", target.url("/ok"), target.url("/status/500")));
    List<IntervalSnapshot> snapshots = new CopyOnWriteArrayList<>();

    engine.start(engine.compile(plan), snapshots::add).completion().get(30, TimeUnit.SECONDS);

    double seconds = 0;
    for (IntervalSnapshot snapshot : snapshots) {
      ScenarioInterval interval = snapshot.scenarios().getFirst();
      assertTrue(interval.intervalSeconds() > 0, interval.toString());
      seconds += interval.intervalSeconds();
      assertEquals(
          interval.requests() / interval.intervalSeconds(), interval.requestsPerSecond(), 1e-9);
      for (StepInterval step : interval.steps()) {
        assertEquals(interval.intervalSeconds(), step.intervalSeconds());
        assertEquals(step.requests() / step.intervalSeconds(), step.requestsPerSecond(), 1e-9);
      }
    }
    assertTrue(seconds >= 2.0 && seconds < 3.0, "the intervals cover the run: " + seconds);
  }

  @Test
  void withinEachIntervalRequestsOutcomesAndLatencyCountsAgreePerStepAndScenario()
      throws Exception {
    // Many requests end on many threads at every tick: two steps, one of them failing.
    Plan plan = plan(scenario(0, "1000/s", "3s", target.url("/ok"), target.url("/status/500")));
    List<IntervalSnapshot> snapshots = new CopyOnWriteArrayList<>();

    RunResult result =
        engine.start(engine.compile(plan), snapshots::add).completion().get(60, TimeUnit.SECONDS);

    long requestsOverIntervals = 0;
    for (IntervalSnapshot snapshot : snapshots) {
      ScenarioInterval interval = snapshot.scenarios().getFirst();
      String where = "second " + snapshot.second() + ": " + interval;
      assertEquals(interval.requests(), interval.latency().count(), where);
      assertEquals(interval.requests(), interval.successes() + interval.failures(), where);
      assertEquals(interval.failures(), sum(interval.failuresByKind().values()), where);
      long stepRequests = 0;
      for (StepInterval step : interval.steps()) {
        assertEquals(step.requests(), step.latency().count(), where);
        assertEquals(step.requests(), step.successes() + step.failures(), where);
        assertEquals(step.failures(), sum(step.failuresByKind().values()), where);
        stepRequests += step.requests();
      }
      assertEquals(interval.requests(), stepRequests, where);
      requestsOverIntervals += interval.requests();
    }
    long total = result.summary().scenarios().getFirst().requests();
    assertTrue(total > 1_000, "the run ended many requests: " + total);
    assertEquals(total, requestsOverIntervals);
  }

  private static double totalStarted(List<IntervalSnapshot> snapshots) {
    return snapshots.stream()
        .map(snapshot -> snapshot.scenarios().getFirst())
        .mapToDouble(interval -> interval.startedPerSecond() * interval.intervalSeconds())
        .sum();
  }

  private static long sum(Collection<Long> values) {
    return values.stream().mapToLong(Long::longValue).sum();
  }
}
