package io.loadline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.spi.ConfigProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanParserTest {

  private static final String VALID_YAML =
      """
      name: quickstart
      timeout: 5s
      maxInFlight: 1000
      gracefulStop: 10s
      scenarios:
        - name: browse
          load:
            model: constant
            rate: 200/s
            duration: 30s
          protocol:
            type: http
            maxConnectionsPerDestination: 64
          feeder:
            type: csv
            file: users.csv
          steps:
            - name: home
              request:
                method: GET
                url: http://127.0.0.1:8081/fast?user={{id}}
                headers: {Accept: application/json}
                body: '{"a": 1}'
                timeout: 2s
            - request:
                url: http://127.0.0.1:8081/slow
      """;

  private final PlanParser parser = new PlanParser();

  @Test
  void aCompleteYamlPlanGivesEveryValueWithItsPath() {
    ParsedPlan parsed = parser.parse(VALID_YAML);

    assertEquals(List.of(), parsed.problems());
    assertTrue(parsed.isValid());
    Plan plan = parsed.plan();
    assertEquals("quickstart", plan.name());
    assertEquals(Duration.ofSeconds(5), plan.timeout());
    assertEquals(1000, plan.maxInFlight());
    assertEquals(Duration.ofSeconds(10), plan.gracefulStop());
    ScenarioPlan scenario = plan.scenarios().getFirst();
    assertEquals("browse", scenario.name());
    assertEquals("scenarios[0]", scenario.path());
    assertEquals(
        new PluginRef("constant", "scenarios[0].load", Map.of("rate", "200/s", "duration", "30s")),
        scenario.load());
    assertEquals(
        new PluginRef("http", "scenarios[0].protocol", Map.of("maxConnectionsPerDestination", 64)),
        scenario.protocol());
    assertEquals(
        new PluginRef("csv", "scenarios[0].feeder", Map.of("file", "users.csv")),
        scenario.feeder());
    StepPlan home = scenario.steps().getFirst();
    assertEquals("home", home.name());
    assertEquals("scenarios[0].steps[0].request", home.path());
    assertEquals(Map.of("Accept", "application/json"), home.request().get("headers"));
    assertEquals("{\"a\": 1}", home.request().get("body"));
    assertEquals("2s", home.request().get("timeout"));
    assertEquals("step 2", scenario.steps().get(1).name());
  }

  @Test
  void aJsonPlanReadsLikeTheSameYamlPlan() {
    String json =
        """
        {
        \t"name": "quickstart",
        \t"scenarios": [
        \t\t{
        \t\t\t"name": "browse",
        \t\t\t"load": {"model": "constant", "rate": "200/s", "duration": "30s"},
        \t\t\t"steps": [{"request": {"url": "http://127.0.0.1:8081/", "retries": 2}}]
        \t\t}
        \t]
        }
        """;

    ParsedPlan parsed = parser.parse(json);

    assertEquals(List.of(), parsed.problems());
    ScenarioPlan scenario = parsed.plan().scenarios().getFirst();
    assertEquals("constant", scenario.load().id());
    assertEquals(new PluginRef("http", "scenarios[0].protocol", Map.of()), scenario.protocol());
    assertNull(scenario.feeder());
    assertEquals(2, scenario.steps().getFirst().request().get("retries"));
    assertNull(parsed.plan().timeout());
    assertNull(parsed.plan().maxInFlight());
  }

  @Test
  void aMissingOrBlankPlanNameIsAProblemAtName() {
    assertEquals(
        List.of(new ConfigProblem("name", "is required")),
        problemsOf(plan("", scenario("a", step("s")))));
    assertEquals(
        List.of(new ConfigProblem("name", "must not be blank")),
        problemsOf(plan("name: '  '", scenario("a", step("s")))));
  }

  @Test
  void aPlanWithoutScenariosIsAProblem() {
    assertEquals(
        List.of(new ConfigProblem("scenarios", "is required (a list of at least one scenario)")),
        problemsOf("name: p\n"));
    assertEquals(
        List.of(new ConfigProblem("scenarios", "must hold at least one scenario")),
        problemsOf("name: p\nscenarios: []\n"));
    assertEquals(
        List.of(
            new ConfigProblem(
                "scenarios", "must be a list of at least one scenario, was the text 'none'")),
        problemsOf("name: p\nscenarios: none\n"));
  }

  @Test
  void aScenarioWithoutANameIsAProblemAtItsName() {
    ParsedPlan parsed =
        parser.parse(plan("name: p", scenario("x", step("s")), scenario("", step("s"))));

    assertEquals(List.of(new ConfigProblem("scenarios[1].name", "is required")), parsed.problems());
    assertEquals("scenario 2", parsed.plan().scenarios().get(1).name());
  }

  @Test
  void duplicateScenarioNamesAreAProblemAtTheSecond() {
    assertEquals(
        List.of(
            new ConfigProblem(
                "scenarios[1].name",
                "duplicates the name 'a' of scenarios[0]; scenario names must be unique in a"
                    + " plan")),
        problemsOf(plan("name: p", scenario("a", step("s")), scenario("a", step("s")))));
  }

  @Test
  void aMissingLoadOrModelIsAProblem() {
    String noLoad = "name: p\nscenarios:\n  - name: a\n    steps:\n      - request: {url: x}\n";
    String noModel =
        "name: p\nscenarios:\n  - name: a\n    load: {rate: 5/s}\n    steps:\n"
            + "      - request: {url: x}\n";

    assertEquals(
        List.of(
            new ConfigProblem(
                "scenarios[0].load",
                "is required (a map naming a rate model, such as model: constant)")),
        problemsOf(noLoad));
    ParsedPlan parsed = parser.parse(noModel);
    assertEquals(
        List.of(
            new ConfigProblem(
                "scenarios[0].load.model",
                "is required (a rate-model plugin id such as constant)")),
        parsed.problems());
    assertEquals(
        new PluginRef("", "scenarios[0].load", Map.of("rate", "5/s")),
        parsed.plan().scenarios().getFirst().load());
  }

  @Test
  void missingOrEmptyStepsAreAProblem() {
    String noSteps = "name: p\nscenarios:\n  - name: a\n    load: {model: constant}\n";

    assertEquals(
        List.of(
            new ConfigProblem(
                "scenarios[0].steps", "is required (a list of at least one step with a request)")),
        problemsOf(noSteps));
    assertEquals(
        List.of(new ConfigProblem("scenarios[0].steps", "must hold at least one step")),
        problemsOf(noSteps + "    steps: []\n"));
  }

  @Test
  void aStepWithoutARequestIsAProblemAtItsRequest() {
    String plan =
        "name: p\nscenarios:\n  - name: a\n    load: {model: constant}\n    steps:\n"
            + "      - request: {url: x}\n      - name: second\n";

    ParsedPlan parsed = parser.parse(plan);

    assertEquals(
        List.of(
            new ConfigProblem(
                "scenarios[0].steps[1].request",
                "is required (the protocol's settings, such as method and url)")),
        parsed.problems());
    assertEquals(
        new StepPlan("second", "scenarios[0].steps[1].request", Map.of()),
        parsed.plan().scenarios().getFirst().steps().get(1));
  }

  @Test
  void duplicateStepNamesAreAProblemAtTheSecond() {
    assertEquals(
        List.of(
            new ConfigProblem(
                "scenarios[0].steps[2].name",
                "duplicates the name 'home' of scenarios[0].steps[0]; step names must be unique in"
                    + " a scenario")),
        problemsOf(plan("name: p", scenario("a", step("home"), step("other"), step("home")))));
  }

  @Test
  void valuesOfTheWrongTypeAreProblemsAtTheirPaths() {
    String plan =
        plan("name: p\ntimeout: abc\nmaxInFlight: -1\ngracefulStop: [1]", scenario("a", step("s")));

    assertEquals(
        List.of(
            new ConfigProblem(
                "timeout",
                "must be a duration with a unit such as 250ms, 30s, 5m or 1h, was 'abc'"),
            new ConfigProblem("maxInFlight", "must be a whole number of at least 1, was -1"),
            new ConfigProblem(
                "gracefulStop", "must be a duration such as 250ms, 30s or 5m, was a list")),
        problemsOf(plan));
  }

  @Test
  void namesWithControlCharactersAreProblemsSoThatTheyCannotSplitLogLinesOrReports() {
    String plan =
        """
        name: "p\\u001b[31m"
        scenarios:
          - name: "two\\nlines"
            load: {model: constant, rate: 1/s, duration: 1s}
            steps:
              - {name: "tab\\there", request: {url: x}}
              - {name: "  spaced  ", request: {url: y}}
              - {name: "unicode\\u2028break", request: {url: z}}
              - name: "group\\nlabel"
                group: {repeat: 1, steps: [{request: {url: w}}]}
              - name: {a: [1, 2]}
                choose: [{weight: 1, steps: [{request: {url: v}}]}]
        """;
    String message = "must not contain control characters such as line breaks or tabs";
    assertEquals(
        List.of(
            new ConfigProblem("name", message),
            new ConfigProblem("scenarios[0].name", message),
            new ConfigProblem("scenarios[0].steps[0].name", message),
            new ConfigProblem("scenarios[0].steps[2].name", message),
            new ConfigProblem("scenarios[0].steps[3].name", message),
            new ConfigProblem("scenarios[0].steps[4].name", "must be a text value, was a map")),
        problemsOf(plan));
  }

  @Test
  void aScenarioSeedIsAnyWholeNumberThatFitsALong() {
    ParsedPlan parsed = new PlanParser().parse(seededPlan("-42", "\"9223372036854775807\"", null));
    assertEquals(List.of(), parsed.problems());
    assertEquals(-42L, parsed.plan().scenarios().get(0).seed());
    assertEquals(Long.MAX_VALUE, parsed.plan().scenarios().get(1).seed());
    assertEquals(null, parsed.plan().scenarios().get(2).seed());

    String range = "must be a whole number from -9223372036854775808 to 9223372036854775807, was ";
    assertEquals(
        List.of(
            new ConfigProblem("scenarios[0].seed", range + "1.5"),
            new ConfigProblem("scenarios[1].seed", range + "9223372036854775808"),
            new ConfigProblem("scenarios[2].seed", range + "a list")),
        problemsOf(seededPlan("1.5", "9223372036854775808", "[1]")));
  }

  /** Three scenarios with these seeds (YAML values; null for none). */
  private static String seededPlan(String... seeds) {
    StringBuilder plan = new StringBuilder("name: p\nscenarios:\n");
    for (int index = 0; index < seeds.length; index++) {
      plan.append("  - name: s").append(index).append('\n');
      if (seeds[index] != null) {
        plan.append("    seed: ").append(seeds[index]).append('\n');
      }
      plan.append("    load: {model: constant, rate: 1/s, duration: 1s}\n")
          .append("    steps: [{request: {url: x}}]\n");
    }
    return plan.toString();
  }

  @Test
  void aZeroTimeoutIsAProblemButAZeroGracefulStopIsNot() {
    assertEquals(
        List.of(new ConfigProblem("timeout", "must be above zero, was '0s'")),
        problemsOf(plan("name: p\ntimeout: 0s\ngracefulStop: 0s", scenario("a", step("s")))));
  }

  @Test
  void unknownKeysAreProblemsNamingTheKnownOnes() {
    String plan =
        """
        name: p
        duration: 30s
        scenarios:
          - name: a
            rate: 5/s
            load: {model: constant}
            steps:
              - request: {url: x}
                check: status
        """;

    assertEquals(
        List.of(
            new ConfigProblem(
                "duration",
                "is not a known key; known keys are"
                    + " [name, timeout, maxInFlight, gracefulStop, load, scenarios, thresholds]"),
            new ConfigProblem(
                "scenarios[0].rate",
                "is not a known key; known keys are"
                    + " [name, load, weight, protocol, feeder, variables, seed, steps]"),
            new ConfigProblem(
                "scenarios[0].steps[0].check",
                "is not a known key; known keys are"
                    + " [name, request, extract, checks, think, group, if, choose]")),
        problemsOf(plan));
  }

  @Test
  void aSyntaxErrorIsOneProblemWithItsLineAndColumn() {
    ParsedPlan parsed = parser.parse("name: p\nscenarios:\n  - name: a\n   bad: [1\n");

    assertNull(parsed.plan());
    assertEquals(1, parsed.problems().size(), parsed.problems().toString());
    ConfigProblem problem = parsed.problems().getFirst();
    assertEquals("", problem.path());
    assertTrue(
        problem.message().startsWith("is not valid YAML or JSON at line 4"), problem.message());
  }

  @Test
  void aKeyGivenTwiceIsASyntaxError() {
    ParsedPlan parsed = parser.parse("name: p\nname: q\nscenarios: []\n");

    assertNull(parsed.plan());
    assertTrue(
        parsed.problems().getFirst().message().contains("line 2"), parsed.problems().toString());
  }

  @Test
  void aJsonSyntaxErrorNamesItsLine() {
    ParsedPlan parsed = parser.parse("{\n  \"name\": \"p\",\n  \"scenarios\": [\n}\n");

    assertNull(parsed.plan());
    assertEquals(
        List.of(
            new ConfigProblem(
                "",
                "is not valid YAML or JSON at line 4, column 1: Unexpected close marker '}':"
                    + " expected ']' (for Array starting at line 3, column 16); fix the syntax"
                    + " there")),
        parsed.problems());
  }

  @Test
  void contentAfterThePlanIsASyntaxErrorNotSilentlyDropped() {
    String json = "{\"name\": \"a\", \"scenarios\": []}";
    String yaml = "name: a\nscenarios: []\n";
    for (String source :
        List.of(json + " trailing {", json + "{\"name\":\"k\"}", yaml + "---\nname: b\n")) {
      ParsedPlan parsed = parser.parse(source);

      assertNull(parsed.plan(), source);
      assertEquals(1, parsed.problems().size(), parsed.problems().toString());
      String message = parsed.problems().getFirst().message();
      assertTrue(message.startsWith("is not valid YAML or JSON at line "), message);
      assertTrue(
          message.contains("there is more after the end of the plan")
              || message.contains("line 1, column 32: Unrecognized token 'trailing'"),
          message);
    }
    // A lone document marker and trailing blank lines are still one plan.
    assertNotNull(parser.parse("---\n" + yaml + "\n\n").plan());
  }

  @Test
  void aTabIndentedYamlPlanIsASyntaxErrorThatSaysSo() {
    ParsedPlan parsed = parser.parse("name: p\n\tscenarios: 1\n");

    assertTrue(
        parsed.problems().getFirst().message().startsWith("is not valid YAML or JSON at line 2"),
        parsed.problems().toString());
    assertTrue(parsed.problems().getFirst().message().contains("TAB"));
  }

  @Test
  void aYamlFlowMapThatIsNotJsonIsStillRead() {
    ParsedPlan parsed =
        parser.parse(
            "{name: p, scenarios: [{name: a, load: {model: constant}, steps: [{request:"
                + " {url: x}}]}]}");

    assertEquals(List.of(), parsed.problems());
    assertEquals("a", parsed.plan().scenarios().getFirst().name());
  }

  @Test
  void textThatIsNotAMapGivesNoPlan() {
    assertEquals(
        new ParsedPlan(
            null,
            List.of(
                new ConfigProblem(
                    "", "must be a map with at least name and scenarios, was a list"))),
        parser.parse("- a\n- b\n"));
    assertEquals(
        new ParsedPlan(
            null,
            List.of(
                new ConfigProblem(
                    "", "is empty; a plan is a map with at least name and scenarios"))),
        parser.parse("  \n# only a comment\n"));
  }

  @Test
  void aPlanWithThreeMistakesGivesExactlyThreeProblemsAndAPlanToCheckFurther() {
    String plan =
        """
        scenarios:
          - name: browse
            load: {model: constant, rate: 5/s}
            maxInFlight: -1
            steps:
              - name: home
        """;

    ParsedPlan parsed = parser.parse(plan);

    assertEquals(
        List.of(
            new ConfigProblem("name", "is required"),
            new ConfigProblem(
                "scenarios[0].maxInFlight",
                "is not a known key; known keys are"
                    + " [name, load, weight, protocol, feeder, variables, seed, steps]"),
            new ConfigProblem(
                "scenarios[0].steps[0].request",
                "is required (the protocol's settings, such as method and url)")),
        parsed.problems());
    assertNotNull(parsed.plan());
    assertEquals("unnamed plan", parsed.plan().name());
    assertEquals(
        new PluginRef("constant", "scenarios[0].load", Map.of("rate", "5/s")),
        parsed.plan().scenarios().getFirst().load());
  }

  @Test
  void everyStructuralMistakeOfAPlanIsFoundInOnePass() {
    String plan =
        """
        name: ""
        timeout: abc
        scenarios:
          - load: {rate: 5/s}
            steps: []
          - name: b
            load: {model: constant}
            protocol: [http]
            feeder: {file: users.csv}
            steps:
              - {name: s, request: {url: x}}
              - {name: s, request: nope}
          - 42
        """;

    List<String> paths = problemsOf(plan).stream().map(ConfigProblem::path).toList();

    assertEquals(
        List.of(
            "name",
            "timeout",
            "scenarios[0].name",
            "scenarios[0].load.model",
            "scenarios[0].steps",
            "scenarios[1].protocol",
            "scenarios[1].feeder.type",
            "scenarios[1].steps[1].name",
            "scenarios[1].steps[1].request",
            "scenarios[2]"),
        paths);
  }

  private List<ConfigProblem> problemsOf(String source) {
    ParsedPlan parsed = parser.parse(source);
    assertNotNull(parsed.plan(), "a map always gives a best-effort plan");
    return parsed.problems();
  }

  private static String plan(String header, String... scenarios) {
    return header + "\nscenarios:\n" + String.join("", scenarios);
  }

  private static String scenario(String name, String... steps) {
    String nameLine =
        name.isEmpty()
            ? "  - load: {model: constant}\n"
            : "  - name: " + name + "\n    load: {model: constant}\n";
    return nameLine + "    steps:\n" + String.join("", steps);
  }

  private static String step(String name) {
    return "      - name: " + name + "\n        request: {url: 'http://127.0.0.1:1/'}\n";
  }
}
