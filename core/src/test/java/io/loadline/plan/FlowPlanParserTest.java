package io.loadline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.spi.ConfigProblem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parser's reading of groups, conditions, choices and shared, weighted loads. */
class FlowPlanParserTest {

  private final PlanParser parser = new PlanParser();

  @Test
  void nestedStepsFormAFlowOverTheFlatListOfRequestAndThinkSteps() {
    String plan =
        """
        name: flows
        scenarios:
          - name: shop
            load: {model: constant, rate: 1/s, duration: 1s}
            steps:
              - name: home
                request: {url: "http://127.0.0.1:1/"}
              - group:
                  repeat: 3
                  steps:
                    - name: item
                      request: {url: "http://127.0.0.1:1/item"}
                    - think: 1s
              - group:
                  while: {var: next, exists: true}
                  maxIterations: 50
                  steps:
                    - request: {url: "http://127.0.0.1:1/page"}
              - if: {status: [200, 204]}
                steps:
                  - name: ok
                    request: {url: "http://127.0.0.1:1/ok"}
                else:
                  - name: failed
                    request: {url: "http://127.0.0.1:1/failed"}
              - choose:
                  - weight: 70
                    steps: [{name: browse, request: {url: "http://127.0.0.1:1/b"}}]
                  - weight: 30
                    steps:
                      - if: {not: {var: user, matches: 'bot-.*'}}
                        steps: [{name: buy, request: {url: "http://127.0.0.1:1/buy"}}]
        """;

    ParsedPlan parsed = parser.parse(plan);

    assertEquals(List.of(), parsed.problems());
    ScenarioPlan scenario = parsed.plan().scenarios().getFirst();
    assertEquals(
        List.of("home", "item", "step 3", "step 4", "ok", "failed", "browse", "buy"),
        scenario.steps().stream().map(StepPlan::name).toList());
    assertEquals("scenarios[0].steps[1].group.steps[0].request", scenario.steps().get(1).path());
    assertEquals(
        "scenarios[0].steps[4].choose[1].steps[0].steps[0].request",
        scenario.steps().get(7).path());
    assertEquals(
        List.of(
            new FlowNode.Step(0),
            new FlowNode.Repeat(3, List.of(new FlowNode.Step(1), new FlowNode.Step(2))),
            new FlowNode.While(
                new Condition.VariableExists("next", true), 50, List.of(new FlowNode.Step(3))),
            new FlowNode.If(
                new Condition.StatusIn(Set.of(200, 204)),
                List.of(new FlowNode.Step(4)),
                List.of(new FlowNode.Step(5)))),
        scenario.flow().subList(0, 4));
    FlowNode.Choose choose = (FlowNode.Choose) scenario.flow().get(4);
    assertEquals(List.of(70, 30), choose.branches().stream().map(FlowNode.Branch::weight).toList());
    FlowNode.If notBot = (FlowNode.If) choose.branches().get(1).steps().getFirst();
    assertTrue(notBot.condition().holds(Map.of("user", "ann"), 200));
    assertTrue(!notBot.condition().holds(Map.of("user", "bot-7"), 200));
  }

  @Test
  void aWhileGroupWithoutMaxIterationsIsCappedAtOneThousandPasses() {
    ParsedPlan parsed =
        parser.parse(
            scenarioWithSteps(
                """
                - group:
                    while: {var: more, equals: "yes"}
                    steps: [{request: {url: "http://127.0.0.1:1/"}}]
                """));

    assertEquals(List.of(), parsed.problems());
    FlowNode.While loop = (FlowNode.While) parsed.plan().scenarios().getFirst().flow().getFirst();
    assertEquals(1000, loop.maxIterations());
  }

  @Test
  void everyMistakeInNestedStepsIsReportedWithItsFullPath() {
    String steps =
        """
        - group:
            repeat: 2
            while: {var: a, exists: true}
            steps: [{name: one, request: {url: "http://127.0.0.1:1/"}}]
        - group: {repeat: 0, maxIterations: 5, steps: [{name: two, request: {url: x}}]}
        - choose:
            - weight: 70
              steps: [{name: three, request: {url: x}}]
            - weight: many
              steps: [{name: four, request: {url: x}}]
            - wieght: 5
              steps: [{name: one, request: {url: x}}]
        - if: {var: a, equal: b}
          steps: [{name: five, request: {url: x}}]
        - if: {var: a, matches: '(', exists: true}
          steps: []
        - if: {status: 999}
          then: [{name: six, request: {url: x}}]
        - request: {url: x}
          group: {repeat: 2, steps: [{name: seven, request: {url: x}}]}
        - repeat: 3
        """;

    List<ConfigProblem> problems = parser.parse(scenarioWithSteps(steps)).problems();

    String s = "scenarios[0].steps";
    assertEquals(
        List.of(
            s + "[0].group",
            s + "[1].group.repeat",
            s + "[1].group.maxIterations",
            s + "[2].choose[1].weight",
            s + "[2].choose[2].weight",
            s + "[2].choose[2].wieght",
            s + "[2].choose[2].steps[0].name",
            s + "[3].if",
            s + "[3].if.equal",
            s + "[4].if",
            s + "[4].steps",
            s + "[5].steps",
            s + "[5].if.status",
            s + "[5].then",
            s + "[6]",
            s + "[7].request",
            s + "[7].repeat"),
        problems.stream().map(ConfigProblem::path).toList(),
        problems.toString());
    assertTrue(
        problems.get(3).message().equals("must be a whole number of at least 1, was many"),
        problems.get(3).message());
    assertTrue(problems.get(5).message().contains("known keys are [weight, steps]"));
    assertTrue(problems.get(6).message().contains("duplicates the name 'one'"));
    assertTrue(problems.get(14).message().contains("a step is exactly one of"));
    assertTrue(problems.get(16).message().contains("group, if, choose"));
  }

  @Test
  void scenariosWithoutTheirOwnLoadShareThePlanLoadByWeightDefaultingToOne() {
    String plan =
        """
        name: shared
        load: {model: constant, rate: 100/s, duration: 10s}
        scenarios:
          - name: browse
            weight: 3
            steps: [{request: {url: "http://127.0.0.1:1/"}}]
          - name: buy
            steps: [{request: {url: "http://127.0.0.1:1/"}}]
          - name: admin
            load: {model: constant, rate: 1/s, duration: 10s}
            steps: [{request: {url: "http://127.0.0.1:1/"}}]
        """;

    ParsedPlan parsed = parser.parse(plan);

    assertEquals(List.of(), parsed.problems());
    List<ScenarioPlan> scenarios = parsed.plan().scenarios();
    assertEquals("load", parsed.plan().load().path());
    assertEquals(3, scenarios.get(0).weight());
    assertEquals(1, scenarios.get(1).weight());
    assertEquals(parsed.plan().load(), scenarios.get(1).load());
    assertNull(scenarios.get(2).weight());
    assertEquals("scenarios[2].load", scenarios.get(2).load().path());
  }

  @Test
  void weightsWithoutASharedLoadAndASharedLoadNoScenarioUsesAreProblems() {
    String noSharedLoad =
        """
        name: weights
        scenarios:
          - name: a
            weight: 3
            steps: [{request: {url: "http://127.0.0.1:1/"}}]
        """;
    String unusedSharedLoad =
        """
        name: weights
        load: {model: constant, rate: 1/s, duration: 1s}
        scenarios:
          - name: a
            weight: 0
            load: {model: constant, rate: 1/s, duration: 1s}
            steps: [{request: {url: "http://127.0.0.1:1/"}}]
        """;

    assertEquals(
        List.of("scenarios[0].load", "scenarios[0].weight"),
        parser.parse(noSharedLoad).problems().stream().map(ConfigProblem::path).toList());
    List<ConfigProblem> problems = parser.parse(unusedSharedLoad).problems();
    assertEquals(
        List.of("load", "scenarios[0].weight"),
        problems.stream().map(ConfigProblem::path).toList(),
        problems.toString());
    assertTrue(problems.get(0).message().contains("shared by no scenario"));
  }

  private static String scenarioWithSteps(String steps) {
    return """
        name: flows
        scenarios:
          - name: shop
            load: {model: constant, rate: 1/s, duration: 1s}
            steps:
        """
        + steps.indent(6);
  }
}
