package io.loadline.threshold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.plan.ParsedPlan;
import io.loadline.plan.PlanParser;
import io.loadline.spi.ConfigProblem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan's {@code thresholds:} list through the real plan parser. */
class ThresholdReaderTest {

  private static final String SCENARIOS =
      """
      scenarios:
        - name: browse
          load: {model: constant, rate: 10/s, duration: 1s}
          steps:
            - name: home
              request: {url: 'http://127.0.0.1:1/'}
            - name: search
              request: {url: 'http://127.0.0.1:1/s'}
        - name: buy
          load: {model: constant, rate: 10/s, duration: 1s}
          steps:
            - name: home
              request: {url: 'http://127.0.0.1:1/'}
      """;

  private final PlanParser parser = new PlanParser();

  private ParsedPlan parse(String thresholds) {
    return parser.parse("name: t\n" + SCENARIOS + "thresholds:\n" + thresholds);
  }

  @Test
  void everyMetricAndOperatorIsReadInItsReportingUnit() {
    ParsedPlan parsed =
        parse(
            """
              - p95 < 300ms
              - p99 <= 1.5s
              - error_rate < 1%
              - checks > 99.5%
              - rps >= 900
              - dropped == 0
              - max != 2s
              - threshold: p90 > 1ms
                scenario: browse
                step: search
                abortOnFail: true
                delayAbortEval: 10s
            """);

    assertEquals(List.of(), parsed.problems());
    List<Threshold> thresholds = parsed.plan().thresholds();
    assertEquals(8, thresholds.size());
    assertEquals(new ThresholdLimit.Fixed(300), thresholds.get(0).limit());
    assertEquals(ThresholdOperator.LESS, thresholds.get(0).operator());
    assertEquals(new ThresholdLimit.Fixed(1500), thresholds.get(1).limit());
    assertEquals(new ThresholdLimit.Fixed(1), thresholds.get(2).limit());
    assertEquals(ThresholdMetric.CHECKS, thresholds.get(3).metric());
    assertEquals(new ThresholdLimit.Fixed(900), thresholds.get(4).limit());
    assertEquals(ThresholdOperator.EQUAL, thresholds.get(5).operator());
    assertEquals(ThresholdOperator.NOT_EQUAL, thresholds.get(6).operator());
    Threshold scoped = thresholds.get(7);
    assertEquals("browse", scoped.scenario());
    assertEquals("search", scoped.step());
    assertTrue(scoped.abortOnFail());
    assertEquals(Duration.ofSeconds(10), scoped.delayAbortEval());
    assertEquals("thresholds[7]", scoped.path());
    assertEquals("run", thresholds.get(0).scopeLabel());
  }

  @Test
  void aStepNamedInOneScenarioOnlyResolvesItsScenario() {
    ParsedPlan parsed = parse("  - {threshold: p95 < 1s, step: search}\n");

    assertEquals(List.of(), parsed.problems());
    assertEquals("browse", parsed.plan().thresholds().getFirst().scenario());
  }

  @Test
  void baselineRelativeLimitsKeepTheirFactor() {
    ParsedPlan parsed = parse("  - p95 < baseline * 1.1\n  - rps > baseline\n");

    assertEquals(List.of(), parsed.problems());
    assertEquals(
        new ThresholdLimit.RelativeToBaseline(1.1), parsed.plan().thresholds().get(0).limit());
    assertEquals(
        new ThresholdLimit.RelativeToBaseline(1), parsed.plan().thresholds().get(1).limit());
  }

  @Test
  void everyMistakeIsReportedAtItsPath() {
    ParsedPlan parsed =
        parse(
            """
              - p42 < 300ms
              - p95 ~ 300ms
              - p95 < fast
              - error_rate < 0.01
              - threshold: p95 < 1s
                scenario: checkout
              - threshold: p95 < 1s
                scenario: buy
                step: search
              - threshold: p95 < 1s
                step: home
              - threshold: dropped == 0
                step: search
              - threshold: p95 < 1s
                abortOnFail: yes please
                delayAbortEval: soon
                colour: red
              - dropped == -1
              - {scenario: buy}
            """);

    List<String> paths = parsed.problems().stream().map(ConfigProblem::path).toList();
    assertEquals(
        List.of(
            "thresholds[0]",
            "thresholds[1]",
            "thresholds[2]",
            "thresholds[3]",
            "thresholds[4].scenario",
            "thresholds[5].step",
            "thresholds[6].step",
            "thresholds[7].step",
            "thresholds[8].abortOnFail",
            "thresholds[8].delayAbortEval",
            "thresholds[8].colour",
            "thresholds[9]",
            "thresholds[10].threshold"),
        paths,
        parsed.problems().toString());
    assertTrue(parsed.problems().get(0).message().contains("unknown metric 'p42'"));
    // The operator it saw is named; it was "none" for any symbol outside the known ones.
    assertTrue(
        parsed.problems().get(1).message().startsWith("has the operator '~' in 'p95 ~ 300ms'"),
        parsed.problems().get(1).message());
    assertTrue(parsed.problems().get(6).message().contains("several scenarios"));
    assertEquals(List.of(), parsed.plan().thresholds());
  }

  @Test
  void serviceTimeMetricsAreReadAsDurationsAndTheirMistakesReportedAtTheirPath() {
    ParsedPlan valid =
        parse(
            """
              - service_p95 < 300ms
              - {threshold: service_p99 <= 1.5s, step: search}
              - service_mean < baseline * 1.2
            """);
    ParsedPlan invalid =
        parse(
            """
              - service_p95 < 300ms
              - service_p95 < fast
              - service_p42 < 1s
              - threshold: service_max < 5%
                scenario: checkout
            """);

    assertEquals(List.of(), valid.problems());
    List<Threshold> thresholds = valid.plan().thresholds();
    assertEquals(ThresholdMetric.SERVICE_P95, thresholds.get(0).metric());
    assertEquals(new ThresholdLimit.Fixed(300), thresholds.get(0).limit());
    assertTrue(thresholds.get(0).metric().serviceTime());
    assertEquals(ThresholdMetric.P95, thresholds.get(0).metric().statistic());
    assertEquals(new ThresholdLimit.Fixed(1500), thresholds.get(1).limit());
    assertEquals("browse", thresholds.get(1).scenario());
    assertEquals(new ThresholdLimit.RelativeToBaseline(1.2), thresholds.get(2).limit());
    List<String> paths = invalid.problems().stream().map(ConfigProblem::path).toList();
    assertEquals(
        List.of("thresholds[1]", "thresholds[2]", "thresholds[3].scenario"),
        paths,
        invalid.problems().toString());
    assertTrue(
        invalid.problems().get(0).message().contains("a duration such as 300ms"),
        invalid.problems().get(0).message());
    assertTrue(
        invalid.problems().get(1).message().contains("service_p95"),
        "the known metrics are listed: " + invalid.problems().get(1).message());
  }

  @Test
  void thresholdsThatAreNotAListAreOneProblem() {
    ParsedPlan parsed = parser.parse("name: t\n" + SCENARIOS + "thresholds: p95 < 1s\n");

    assertEquals(1, parsed.problems().size());
    assertEquals("thresholds", parsed.problems().getFirst().path());
  }

  @Test
  void anUnknownScenarioIsAnsweredWithThePlansScenariosInPlanOrder() {
    StringBuilder plan = new StringBuilder("name: t\nscenarios:\n");
    List<String> names = List.of("zulu", "alpha", "mike", "bravo", "yankee", "charlie", "x-ray");
    for (String name : names) {
      plan.append("  - name: ")
          .append(name)
          .append("\n    load: {model: constant, rate: 10/s, duration: 1s}\n")
          .append("    steps: [{request: {url: 'http://127.0.0.1:1/'}}]\n");
    }
    plan.append("thresholds:\n  - {threshold: p95 < 1s, scenario: nope}\n");

    ParsedPlan parsed = parser.parse(plan.toString());

    assertEquals(
        List.of(
            new ConfigProblem(
                "thresholds[0].scenario",
                "names no scenario of the plan; its scenarios are "
                    + "[zulu, alpha, mike, bravo, yankee, charlie, x-ray]")),
        parsed.problems());
  }
}
