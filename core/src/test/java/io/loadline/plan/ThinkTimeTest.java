package io.loadline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.spi.ConfigProblem;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThinkTimeTest {

  @Test
  void fixedUniformAndGaussianPausesAreReadFromThePlan() {
    ParsedPlan parsed =
        new PlanParser()
            .parse(
                """
                name: think
                scenarios:
                  - name: s
                    load: {model: constant, rate: 1/s, duration: 1s}
                    steps:
                      - think: 2s
                      - think: {min: 1s, max: 3s}
                      - think: {mean: 2s, stddev: 500ms}
                      - think: {min: 3s, max: 1s}
                      - think: 1s
                        request: {url: "http://127.0.0.1:1/"}
                """);

    List<StepPlan> steps = parsed.plan().scenarios().get(0).steps();
    assertEquals(
        new ThinkTime(ThinkTime.Kind.FIXED, Duration.ofSeconds(2), Duration.ZERO),
        steps.get(0).think());
    assertEquals(ThinkTime.Kind.UNIFORM, steps.get(1).think().kind());
    assertEquals(
        new ThinkTime(ThinkTime.Kind.GAUSSIAN, Duration.ofSeconds(2), Duration.ofMillis(500)),
        steps.get(2).think());
    assertEquals(
        List.of("scenarios[0].steps[3].think.max", "scenarios[0].steps[4].request"),
        parsed.problems().stream().map(ConfigProblem::path).toList());
  }

  @Test
  void drawnPausesStayInTheirRangeAndNeverBelowZero() {
    SplittableRandom random = new SplittableRandom(42);
    ThinkTime uniform =
        new ThinkTime(ThinkTime.Kind.UNIFORM, Duration.ofSeconds(1), Duration.ofSeconds(3));
    ThinkTime gaussian =
        new ThinkTime(ThinkTime.Kind.GAUSSIAN, Duration.ofMillis(100), Duration.ofSeconds(1));
    long sum = 0;
    for (int i = 0; i < 10_000; i++) {
      long uniformNanos = uniform.sampleNanos(random);
      assertTrue(uniformNanos >= 1_000_000_000L && uniformNanos <= 3_000_000_000L);
      assertTrue(gaussian.sampleNanos(random) >= 0);
      sum += uniformNanos;
    }
    assertEquals(2.0, sum / 10_000 / 1e9, 0.05);
  }
}
