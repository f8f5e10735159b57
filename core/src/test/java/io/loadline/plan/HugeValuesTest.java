package io.loadline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.engine.Engine;
import io.loadline.engine.EngineSettings;
import io.loadline.pluginhost.PluginHost;
import io.loadline.spi.ConfigProblem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values too large for a load test are refused when the plan is read, each with its field path,
 * instead of being capped near {@code Long.MAX_VALUE} nanoseconds and overflowing in the engine.
 */
class HugeValuesTest {

  @TempDir Path dataDirectory;

  @Test
  void hugeTimeoutGracefulStopAndDurationAreProblemsWithTheirPaths() {
    List<ConfigProblem> problems =
        problemsOf(
            """
            name: huge
            timeout: 99999999999999999999h
            gracefulStop: 9999999999999999h
            scenarios:
              - name: browse
                load: {model: constant, rate: 10/s, duration: 99999999999h}
                steps:
                  - request: {method: GET, url: 'http://127.0.0.1:9/'}
            """);

    assertEquals(
        List.of("timeout", "gracefulStop", "scenarios[0].load.duration"),
        problems.stream().map(ConfigProblem::path).toList());
    for (ConfigProblem problem : problems) {
      assertTrue(problem.message().startsWith("must be at most 744h (31 days)"), problem.message());
    }
  }

  @Test
  void aRateAboveAMillionPerSecondIsAProblemWithItsPath() {
    List<ConfigProblem> problems =
        problemsOf(
            """
            name: fast
            scenarios:
              - name: browse
                load: {model: constant, rate: 2000000/s, duration: 10s}
                steps:
                  - request: {method: GET, url: 'http://127.0.0.1:9/'}
            """);

    assertEquals(1, problems.size(), problems.toString());
    assertEquals("scenarios[0].load.rate", problems.get(0).path());
    assertEquals("must be at most 1000000/s, was '2000000/s'", problems.get(0).message());
  }

  @Test
  void thirtyOneDaysIsStillAValidDuration() {
    Plan plan =
        reader()
            .read(
                """
                name: long
                gracefulStop: 744h
                scenarios:
                  - name: browse
                    load: {model: constant, rate: 1000000/s, duration: 744h}
                    steps:
                      - request: {method: GET, url: 'http://127.0.0.1:9/'}
                """);

    assertEquals(java.time.Duration.ofDays(31), plan.gracefulStop());
  }

  private List<ConfigProblem> problemsOf(String source) {
    PlanValidationException e =
        assertThrows(PlanValidationException.class, () -> reader().read(source));
    return e.problems();
  }

  private PlanReader reader() {
    Engine engine =
        new Engine(
            PluginHost.discover(
                HugeValuesTest.class.getClassLoader(), dataDirectory.resolve("no-plugins")),
            EngineSettings.defaults(dataDirectory));
    return new PlanReader(engine);
  }
}
