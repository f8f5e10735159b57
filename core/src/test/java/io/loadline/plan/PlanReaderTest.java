package io.loadline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.engine.Engine;
import io.loadline.engine.EngineSettings;
import io.loadline.pluginhost.PluginHost;
import io.loadline.spi.ConfigProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser's structure checks and the real engine's plugin checks, reported together. */
class PlanReaderTest {

  @TempDir Path dataDirectory;

  private PlanReader reader;

  @BeforeEach
  void createReaderWithTheBuiltInPlugins() {
    Engine engine =
        new Engine(
            PluginHost.discover(
                PlanReaderTest.class.getClassLoader(), dataDirectory.resolve("no-plugins")),
            EngineSettings.defaults(dataDirectory));
    reader = new PlanReader(engine);
  }

  @Test
  void aValidPlanIsReturned() throws Exception {
    Files.writeString(dataDirectory.resolve("users.csv"), "id\n1\n");

    Plan plan =
        reader.read(
            """
            name: checked
            scenarios:
              - name: browse
                load: {model: constant, rate: 5/s, duration: 1s}
                feeder: {type: csv, file: users.csv}
                steps:
                  - request: {method: GET, url: 'http://127.0.0.1:9/?user={{id}}'}
            """);

    assertEquals("checked", plan.name());
    assertEquals("csv", plan.scenarios().getFirst().feeder().id());
  }

  @Test
  void structureAndPluginMistakesAreReportedTogetherOncePerMistake() {
    List<String> paths =
        pathsOf(
            """
            scenarios:
              - name: browse
                load: {model: constant, rate: -5/s, duration: 10s}
                steps:
                  - request: {method: GET}
            """);

    assertEquals(
        List.of("name", "scenarios[0].load.rate", "scenarios[0].steps[0].request.url"), paths);
  }

  @Test
  void aStepWithoutARequestIsNotAlsoAStepWithoutAUrl() {
    List<String> paths =
        pathsOf(
            """
            name: p
            scenarios:
              - name: browse
                load: {model: constant, rate: 5/s, duration: 10s}
                steps:
                  - name: nothing
            """);

    assertEquals(List.of("scenarios[0].steps[0].request"), paths);
  }

  @Test
  void aLoadWithoutAModelIsOneProblemAndTheRestIsStillChecked() {
    List<String> paths =
        pathsOf(
            """
            name: p
            scenarios:
              - name: browse
                load: {rate: 5/s}
                feeder: {type: csv, file: ../outside.csv}
                steps:
                  - request: {method: GET}
            """);

    assertEquals(
        List.of(
            "scenarios[0].load.model",
            "scenarios[0].feeder.file",
            "scenarios[0].steps[0].request.url"),
        paths);
  }

  @Test
  void anUnknownRateModelIsReportedByTheEngineAtTheModelKey() {
    List<ConfigProblem> problems =
        problemsOf(
            """
                name: p
                scenarios:
                  - name: browse
                    load: {model: sine-wave}
                    steps:
                      - request: {url: 'http://127.0.0.1:9/'}
                """);

    assertEquals(1, problems.size(), problems.toString());
    ConfigProblem problem = problems.getFirst();
    assertEquals("scenarios[0].load.model", problem.path());
    assertTrue(problem.message().contains("sine-wave"), problem.message());
  }

  @Test
  void aSyntaxErrorIsTheOnlyProblem() {
    assertEquals(List.of(""), pathsOf("name: [unclosed\n"));
  }

  @Test
  void negativeDurationsAreBelowZeroInThePlanAndInTheProtocol() {
    List<ConfigProblem> problems =
        problemsOf(
            """
                name: p
                timeout: -3s
                gracefulStop: -1s
                scenarios:
                  - name: browse
                    load: {model: constant, rate: 5/s, duration: 10s}
                    steps:
                      - request: {method: GET, url: 'http://127.0.0.1:9/', timeout: -3s}
                """);

    assertEquals(
        List.of(
            new ConfigProblem("timeout", "must be above zero, was '-3s'"),
            new ConfigProblem("gracefulStop", "must be zero or more, was '-1s'"),
            new ConfigProblem(
                "scenarios[0].steps[0].request.timeout", "must be above zero, was '-3s'")),
        problems);
  }

  @Test
  void problemsFoundByTheParserAndByThePluginsAreListedInTheOrderOfTheText() {
    List<String> paths =
        pathsOf(
            """
            name: p
            scenarios:
              - name: browse
                load: {model: constant, rate: -5/s, duration: 10s}
                steps:
                  - request: {method: GET, url: 'http://127.0.0.1:9/'}
            thresholds:
              - p95 < 1s
              - p95 < often
            gracefulStop: soon
            """);

    // Where they stand in the text, whichever check found them: gracefulStop comes last.
    assertEquals(List.of("scenarios[0].load.rate", "thresholds[1]", "gracefulStop"), paths);
  }

  @Test
  void wrongProtocolOptionsAndAMalformedPlaceholderHideNoOtherProblem() {
    List<ConfigProblem> problems =
        problemsOf(
            """
                name: p
                scenarios:
                  - name: browse
                    load: {model: constant, rate: 5/s, duration: 10s}
                    protocol: {type: http, maxConnectionsPerDestination: 0}
                    steps:
                      - request: {method: FETCH, url: 'http://127.0.0.1:9/'}
                      - request:
                          url: 'http://127.0.0.1:9/{{missing}}'
                          body: '{{oops(}} {{alsoMissing}}'
                """);

    assertEquals(
        List.of(
            "scenarios[0].protocol.maxConnectionsPerDestination",
            "scenarios[0].steps[0].request.method",
            "scenarios[0].steps[1].request",
            "scenarios[0].steps[1].request",
            "scenarios[0].steps[1].request.body"),
        problems.stream().map(ConfigProblem::path).toList(),
        problems.toString());
    assertEquals(
        "uses the variable 'missing', which no declared variable, feeder field or earlier extract"
            + " defines; known here: []",
        problems.get(2).message());
    // Beside the malformed placeholder, in the same body.
    assertTrue(problems.get(3).message().startsWith("uses the variable 'alsoMissing'"));
  }

  @Test
  void functionArgumentsOutOfRangeSectionsAndTemplatedHeaderNamesAreRefusedBeforeTheRun() {
    List<ConfigProblem> problems =
        problemsOf(
            """
                name: p
                scenarios:
                  - name: browse
                    load: {model: constant, rate: 5/s, duration: 10s}
                    steps:
                      - request: {url: 'http://127.0.0.1:9/'}
                      - request: {url: 'http://127.0.0.1:9/{{randomString(-1)}}'}
                      - request: {url: 'http://127.0.0.1:9/{{randomString(2000000000)}}'}
                      - request: {url: 'http://127.0.0.1:9/{{now("qqqq-invalid-%%")}}'}
                      - request:
                          url: 'http://127.0.0.1:9/{{randomInt(1, 99999999999999999999)}}'
                      - request:
                          url: 'http://127.0.0.1:9/{{randomInt(0, 9223372036854775807)}}'
                      - request: {url: 'http://127.0.0.1:9/{{randomInt(5, 1)}}'}
                      - request:
                          url: 'http://127.0.0.1:9/'
                          body: '{{#undefinedSection}}x{{/undefinedSection}}'
                          headers: {'X-{{hn}}': v}
                """);

    String url = "scenarios[0].steps[%d].request.url";
    String length = "randomString(length) takes a length from 0 to 65536, was ";
    String bounds =
        "randomInt(min, max) takes whole numbers from -1000000000000000000 to 1000000000000000000,"
            + " was ";
    assertEquals(
        List.of(
            new ConfigProblem(
                url.formatted(1),
                "has a malformed placeholder: {{randomString(-1)}}: " + length + "-1"),
            new ConfigProblem(
                url.formatted(2),
                "has a malformed placeholder: {{randomString(2000000000)}}: "
                    + length
                    + "2000000000"),
            new ConfigProblem(
                url.formatted(3),
                "has a malformed placeholder: {{now(\"qqqq-invalid-%%\")}}: now(pattern) takes a"
                    + " DateTimeFormatter pattern such as 'yyyy-MM-dd HH:mm:ss', was"
                    + " 'qqqq-invalid-%%' (Unknown pattern letter: i)"),
            new ConfigProblem(
                url.formatted(4),
                "has a malformed placeholder: {{randomInt(1, 99999999999999999999)}}: "
                    + bounds
                    + "99999999999999999999"),
            new ConfigProblem(
                url.formatted(5),
                "has a malformed placeholder: {{randomInt(0, 9223372036854775807)}}: "
                    + bounds
                    + "9223372036854775807"),
            new ConfigProblem(
                url.formatted(6),
                "has a malformed placeholder: {{randomInt(5, 1)}}: randomInt(min, max) needs min"
                    + " at most max, was 5 and 1"),
            new ConfigProblem(
                "scenarios[0].steps[7].request.body",
                "has a malformed placeholder: {{#undefinedSection}}: sections and partials"
                    + " ({{#name}}, {{^name}}, {{/name}}, {{>name}}) are not supported; a"
                    + " placeholder holds a variable, a quoted text, a number or a function call"),
            new ConfigProblem(
                "scenarios[0].steps[7].request.headers.X-{{hn}}",
                "is a header name with a placeholder, which would be sent as written; header"
                    + " names are fixed text, only header values are templates")),
        problems);
  }

  @Test
  void badRegexesAndJsonPathsInRulesAreProblemsAtTheirPathsNotExceptions() {
    List<ConfigProblem> problems =
        problemsOf(
            """
            name: bad rules
            scenarios:
              - name: s
                load: {model: constant, rate: 1/s, duration: 1s}
                steps:
                  - request: {url: 'http://127.0.0.1:9/'}
                    extract:
                      x: {regex: "((("}
                      y: {json: "$[[["}
                    checks:
                      - {header: a, matches: "(("}
                      - {json: "$..[", equals: 1}
            """);

    String step = "scenarios[0].steps[0]";
    assertEquals(
        List.of(
            step + ".extract.x.regex",
            step + ".extract.y.json",
            step + ".checks[0].matches",
            step + ".checks[1].json"),
        problems.stream().map(ConfigProblem::path).toList(),
        problems.toString());
    assertEquals("is not a valid regular expression: Unclosed group", problems.get(0).message());
    assertEquals(
        "is not a valid JSONPath such as $.token: it ends before a bracket or filter is complete",
        problems.get(3).message());
  }

  private List<String> pathsOf(String source) {
    return problemsOf(source).stream().map(ConfigProblem::path).toList();
  }

  private List<ConfigProblem> problemsOf(String source) {
    return assertThrows(PlanValidationException.class, () -> reader.read(source)).problems();
  }
}
