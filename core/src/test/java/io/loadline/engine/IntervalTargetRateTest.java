package io.loadline.engine;

import static io.loadline.engine.TestPlans.plan;
import static io.loadline.engine.TestPlans.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loadline.spi.ArrivalSchedule;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The target rate of an interval, from the schedule alone: no clock, no run. */
class IntervalTargetRateTest {

  private static final long MILLI = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;

  private final Engine engine = new Engine(TestPlans.builtInPlugins(), TestPlans.settings());

  @Test
  void everyFullSecondOfAConstantScheduleHasItsRateEvenWhenItsTickIsLate() throws Exception {
    ArrivalSchedule schedule = schedule("constant", Map.of("rate", "50/s", "duration", "3s"));

    assertEquals(50, IntervalReporter.plannedMeanRatePerSecond(schedule, 0, SECOND + MILLI), 1e-9);
    assertEquals(
        50,
        IntervalReporter.plannedMeanRatePerSecond(schedule, SECOND + MILLI, 2 * SECOND + MILLI),
        1e-9);
    // The last full second, ticked 3 ms after the schedule's end: once 0.
    assertEquals(
        50,
        IntervalReporter.plannedMeanRatePerSecond(
            schedule, 2 * SECOND + MILLI, 3 * SECOND + 3 * MILLI),
        1e-9);
    assertEquals(
        0,
        IntervalReporter.plannedMeanRatePerSecond(schedule, 3 * SECOND + 3 * MILLI, 4 * SECOND),
        1e-9);
  }

  @Test
  void aRampsTargetIsItsMeanRateOverTheInterval() throws Exception {
    ArrivalSchedule schedule =
        schedule("ramp", Map.of("startRate", "0/s", "endRate", "100/s", "duration", "2s"));

    assertEquals(25, IntervalReporter.plannedMeanRatePerSecond(schedule, 0, SECOND), 0.01);
    // [1 s, 2.5 s) clipped to [1 s, 2 s): from 50/s to 100/s.
    assertEquals(
        75, IntervalReporter.plannedMeanRatePerSecond(schedule, SECOND, 5 * SECOND / 2), 0.01);
  }

  private ArrivalSchedule schedule(String model, Map<String, Object> load) throws Exception {
    try (CompiledPlan compiled =
        engine.compile(plan(scenario(0, model, new HashMap<>(load), "http://127.0.0.1:1/")))) {
      return compiled.scenarios().get(0).schedule();
    }
  }
}
