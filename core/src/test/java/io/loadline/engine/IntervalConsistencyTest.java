package io.loadline.engine;

import static io.loadline.engine.TestPlans.plan;
import static io.loadline.engine.TestPlans.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.plan.Plan;
import io.loadline.testsupport.TestTarget;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every interval snapshot agrees with itself while requests end concurrently with its drain. */
class IntervalConsistencyTest {

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

  private static long sum(java.util.Collection<Long> values) {
    return values.stream().mapToLong(Long::longValue).sum();
  }
}
