package io.loadline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.spi.ConfigProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StepRulesParserTest {

  private static final String HEAD =
      """
      name: rules
      scenarios:
        - name: first
          load: {model: constant, rate: 1/s, duration: 1s}
          steps:
            - request: {url: "http://127.0.0.1:1/"}
        - name: second
          load: {model: constant, rate: 1/s, duration: 1s}
          variables: {region: eu, retries: 3}
          steps:
            - request: {url: "http://127.0.0.1:1/"}
            - request: {url: "http://127.0.0.1:1/"}
            - request: {url: "http://127.0.0.1:1/", followRedirects: true}
      """;

  private final PlanParser parser = new PlanParser();

  @Test
  void extractionsChecksAndVariablesAreReadWithTheirPaths() {
    ParsedPlan parsed =
        parser.parse(
            HEAD
                + """
                    extract:
                      token: {json: $.token}
                      id: {regex: 'id=(\\d+)'}
                      etag: {header: ETag, default: ''}
                      sid: {cookie: SID}
                      code: status
                    checks:
                      - status: [200, 201]
                      - bodyContains: welcome
                      - json: $.user.name
                        equals: Ann
                      - header: Content-Type
                        matches: 'application/json.*'
                      - responseTimeBelow: 500ms
                """
                    .indent(4));

    assertEquals(List.of(), parsed.problems());
    ScenarioPlan second = parsed.plan().scenarios().get(1);
    assertEquals(Map.of("region", "eu", "retries", "3"), second.variables());
    StepPlan step = second.steps().get(2);
    assertEquals(true, step.request().get("followRedirects"));
    assertEquals(
        List.of(
            new Extraction(
                "token",
                ExtractionSource.JSON,
                "$.token",
                0,
                null,
                "scenarios[1].steps[2].extract.token"),
            new Extraction(
                "id",
                ExtractionSource.REGEX,
                "id=(\\d+)",
                1,
                null,
                "scenarios[1].steps[2].extract.id"),
            new Extraction(
                "etag",
                ExtractionSource.HEADER,
                "ETag",
                0,
                "",
                "scenarios[1].steps[2].extract.etag"),
            new Extraction(
                "sid",
                ExtractionSource.COOKIE,
                "SID",
                0,
                null,
                "scenarios[1].steps[2].extract.sid"),
            new Extraction(
                "code",
                ExtractionSource.STATUS,
                "",
                0,
                null,
                "scenarios[1].steps[2].extract.code")),
        step.extract());
    String checks = "scenarios[1].steps[2].checks";
    assertEquals(
        List.of(
            new Check.StatusIn(Set.of(200, 201), checks + "[0]"),
            new Check.BodyContains("welcome", checks + "[1]"),
            new Check.JsonPathEquals("$.user.name", "Ann", checks + "[2]"),
            new Check.HeaderMatches("Content-Type", "application/json.*", checks + "[3]"),
            new Check.ResponseTimeBelow(Duration.ofMillis(500), checks + "[4]")),
        step.checks());
  }

  @Test
  void aRegexWithoutAGroupTakesTheWholeMatchAndOneWithGroupsTheFirst() {
    ParsedPlan parsed =
        parser.parse(
            HEAD
                + """
                    extract:
                      whole: {regex: 'ok'}
                      first: {regex: 'o(k)'}
                      zero: {regex: 'o(k)', group: 0}
                """
                    .indent(4));

    assertEquals(List.of(), parsed.problems());
    List<Extraction> extract = parsed.plan().scenarios().get(1).steps().get(2).extract();
    assertEquals(List.of(0, 1, 0), extract.stream().map(Extraction::group).toList());
  }

  @Test
  void everyMistakeInExtractAndChecksIsReportedWithItsPath() {
    ParsedPlan parsed =
        parser.parse(
            HEAD
                + """
                    extract:
                      token: {jsonpath: $.token}
                      both: {json: $.a, header: X}
                      badPath: {json: '$.[unclosed'}
                      badRegex: {regex: '(open'}
                      badGroup: {regex: 'a(b)', group: 2}
                      halfGroup: {regex: 'a(b)', group: 1.5}
                      "9lives": {header: X}
                    checks:
                      - status: [200, 999]
                      - json: $.a
                      - header: X
                        matches: '[oops'
                      - responseTimeBelow: soon
                      - teapot: true
                """
                    .indent(4));

    List<String> paths = parsed.problems().stream().map(ConfigProblem::path).toList();
    String step = "scenarios[1].steps[2]";
    for (String expected :
        List.of(
            step + ".extract.token",
            step + ".extract.token.jsonpath",
            step + ".extract.both",
            step + ".extract.badPath.json",
            step + ".extract.badRegex.regex",
            step + ".extract.badGroup.group",
            step + ".extract.halfGroup.group",
            step + ".extract.9lives",
            step + ".checks[0].status",
            step + ".checks[1].equals",
            step + ".checks[2].matches",
            step + ".checks[3].responseTimeBelow",
            step + ".checks[4]")) {
      assertTrue(paths.contains(expected), expected + " missing from " + parsed.problems());
    }
  }

  @Test
  void aMisspeltCheckIsNamedAtItsOwnPath() {
    ParsedPlan parsed =
        parser.parse(
            HEAD
                + """
                    checks:
                      - statuss: 200
                      - {json: $.a, equals: x, equal: y}
                """
                    .indent(4));

    String step = "scenarios[1].steps[2]";
    assertEquals(
        List.of(
            new ConfigProblem(
                step + ".checks[0]",
                "must name exactly one check of [status, bodyContains, json, header,"
                    + " responseTimeBelow], named []"),
            new ConfigProblem(
                step + ".checks[0].statuss",
                "is not a known key here; known keys are [status, bodyContains, json, equals,"
                    + " header, matches, responseTimeBelow]"),
            new ConfigProblem(
                step + ".checks[1].equal",
                "is not a known key here; known keys are [json, equals]")),
        parsed.problems());
  }
}
