package io.loadline.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.engine.Engine;
import io.loadline.engine.EngineSettings;
import io.loadline.plan.ParsedPlan;
import io.loadline.plan.Plan;
import io.loadline.plan.PlanParser;
import io.loadline.pluginhost.PluginHost;
import io.loadline.spi.ConfigProblem;
import io.loadline.web.auth.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy on plans with nested steps, a shared, weighted load and every built-in load model,
 * each measured on the schedule its rate model builds. Sends no traffic.
 */
class PlanPolicyFlowsTest {

  @TempDir static Path dataDirectory;

  private final PlanPolicy policy =
      new PlanPolicy(
          SecurityConfig.fromEnvironment(
              Map.of(
                  "LOADLINE_ALLOWED_TARGETS", "127.0.0.1",
                  "LOADLINE_MAX_RATE_OPERATOR", "10/s",
                  "LOADLINE_MAX_USERS_OPERATOR", "5",
                  "LOADLINE_MAX_DURATION_OPERATOR", "1m")),
          new Engine(
              PluginHost.discover(
                  PlanPolicyFlowsTest.class.getClassLoader(), dataDirectory.resolve("plugins")),
              EngineSettings.defaults(dataDirectory)));

  @Test
  void aSharedLoadCountsOnceAgainstTheRateCapHoweverManyScenariosShareIt() {
    Plan plan =
        parse(
            """
            name: shared
            load: {model: constant, rate: 8/s, duration: 1s}
            scenarios:
              - {name: a, weight: 3, steps: [{request: {url: "http://127.0.0.1:1/"}}]}
              - {name: b, steps: [{request: {url: "http://127.0.0.1:1/"}}]}
              - {name: c, steps: [{request: {url: "http://127.0.0.1:1/"}}]}
            """);

    assertEquals(List.of(), policy.capRefusals(plan, Role.OPERATOR));
  }

  @Test
  void aRequestNestedInAChoiceIsCheckedAgainstTheAllowList() {
    Plan plan =
        parse(
            """
            name: nested
            scenarios:
              - name: a
                load: {model: constant, rate: 1/s, duration: 1s}
                steps:
                  - choose:
                      - weight: 1
                        steps: [{request: {url: "http://127.0.0.1:1/"}}]
                      - weight: 1
                        steps:
                          - group:
                              repeat: 2
                              steps: [{request: {url: "http://10.1.2.3:80/"}}]
            """);

    List<ConfigProblem> refusals = policy.targetRefusals(plan);

    assertEquals(1, refusals.size(), refusals.toString());
    assertEquals(
        "scenarios[0].steps[0].choose[1].steps[0].group.steps[0].request.url",
        refusals.getFirst().path());
  }

  @Test
  void aRampingUsersModelIsCappedByItsMostUsersWhateverKeyItUses() {
    List<ConfigProblem> refusals =
        policy.capRefusals(
            oneScenario("{model: ramping-users, stages: [{users: 50, duration: 2s}]}"),
            Role.OPERATOR);

    assertEquals(1, refusals.size(), refusals.toString());
    assertEquals("scenarios[0].load", refusals.getFirst().path());
    assertEquals(
        "runs up to 50 virtual users; the plan's 50 virtual users exceed the operator limit of 5"
            + " (LOADLINE_MAX_USERS_OPERATOR)",
        refusals.getFirst().message());
  }

  @Test
  void aSpikeIsCappedByItsPeakRateNotItsBaseRate() {
    List<ConfigProblem> refusals =
        policy.capRefusals(
            oneScenario(
                "{model: spike, rate: 1/s, peakRate: 40/s, spikeAt: 20s, spikeDuration: 1s,"
                    + " duration: 40s}"),
            Role.OPERATOR);

    assertEquals(1, refusals.size(), refusals.toString());
    assertEquals("scenarios[0].load", refusals.getFirst().path());
    assertEquals(
        "plans up to 40/s; the plan's total rate of 40/s exceeds the operator limit of 10/s"
            + " (LOADLINE_MAX_RATE_OPERATOR)",
        refusals.getFirst().message());
  }

  @Test
  void aSineIsCappedByItsCrestAndWithinTheCapPasses() {
    List<ConfigProblem> refusals =
        policy.capRefusals(
            oneScenario("{model: sine, rate: 8/s, amplitude: 8/s, period: 4s, duration: 8s}"),
            Role.OPERATOR);

    assertEquals(1, refusals.size(), refusals.toString());
    assertEquals("scenarios[0].load", refusals.getFirst().path());
    assertTrue(refusals.getFirst().message().startsWith("plans up to 16"), refusals.toString());
    assertEquals(
        List.of(),
        policy.capRefusals(
            oneScenario("{model: sine, rate: 5/s, amplitude: 4/s, period: 4s, duration: 8s}"),
            Role.OPERATOR));
  }

  @Test
  void theDurationIsTheSchedulesOwnSoStagesAddUp() {
    List<ConfigProblem> refusals =
        policy.capRefusals(
            oneScenario(
                "{model: steps, stages: [{rate: 1/s, duration: 40s}, {rate: 2/s, duration: 40s}]}"),
            Role.OPERATOR);

    assertEquals(1, refusals.size(), refusals.toString());
    assertEquals("scenarios[0].load", refusals.getFirst().path());
    assertEquals(
        "lasts PT1M20S, longer than the operator limit of PT1M (LOADLINE_MAX_DURATION_OPERATOR)",
        refusals.getFirst().message());
  }

  private static Plan oneScenario(String load) {
    return parse(
        """
        name: sized
        scenarios:
          - name: a
            load: %s
            steps: [{request: {url: "http://127.0.0.1:1/"}}]
        """
            .formatted(load));
  }

  private static Plan parse(String yaml) {
    ParsedPlan parsed = new PlanParser().parse(yaml);
    assertEquals(List.of(), parsed.problems());
    return parsed.plan();
  }
}
