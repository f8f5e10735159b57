package io.loadline.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loadline.plan.ParsedPlan;
import io.loadline.plan.Plan;
import io.loadline.plan.PlanParser;
import io.loadline.spi.ConfigProblem;
import io.loadline.web.auth.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The policy on plans with nested steps and a shared, weighted load. Sends no traffic. */
class PlanPolicyFlowsTest {

  private final PlanPolicy policy =
      new PlanPolicy(
          SecurityConfig.fromEnvironment(
              Map.of(
                  "LOADLINE_ALLOWED_TARGETS", "127.0.0.1",
                  "LOADLINE_MAX_RATE_OPERATOR", "10/s")));

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

  private static Plan parse(String yaml) {
    ParsedPlan parsed = new PlanParser().parse(yaml);
    assertEquals(List.of(), parsed.problems());
    return parsed.plan();
  }
}
