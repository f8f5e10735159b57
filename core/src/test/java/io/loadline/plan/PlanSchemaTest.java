package io.loadline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.loadline.importer.HarImporter;
import io.loadline.importer.PlanWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The hand-written plan schema against the plans the repository shows: every example plan, every
 * plan and plan fragment in the docs, and an imported plan validate; known mistakes do not.
 */
class PlanSchemaTest {

  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A scenario around a {@code load:} fragment of the docs. */
  private static final String AROUND_LOAD =
      """
      name: load fragment
      scenarios:
        - name: s
          steps:
            - request: {url: "http://127.0.0.1:9/"}
      %s
      """;

  /** A scenario around a {@code steps:} fragment of the docs. */
  private static final String AROUND_STEPS =
      """
      name: steps fragment
      scenarios:
        - name: s
          load: {model: constant, rate: 1/s, duration: 1s}
      %s
      """;

  private final Schema schema =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(PlanSchema.text(), InputFormat.JSON);

  @Test
  void theSchemaInTheDocsIsTheOneTheServerPublishes() throws IOException {
    String docs = Files.readString(REPOSITORY.resolve("docs/plan.schema.json"));

    assertEquals(docs, PlanSchema.text());
    JsonNode parsed = new ObjectMapper().readTree(docs);
    assertEquals("https://json-schema.org/draft/2020-12/schema", parsed.get("$schema").asText());
  }

  @Test
  void everyExamplePlanValidates() throws IOException {
    List<Path> examples;
    try (Stream<Path> files = Files.list(REPOSITORY.resolve("examples"))) {
      examples = files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
    }

    assertFalse(examples.isEmpty(), "no example plan found in " + REPOSITORY);
    for (Path example : examples) {
      assertValid(example.getFileName().toString(), Files.readString(example));
    }
  }

  @Test
  void everyPlanAndPlanFragmentInTheDocsValidates() throws IOException {
    Map<String, String> plans = plansInDocs();

    assertTrue(plans.size() >= 12, "only " + plans.size() + " plans found: " + plans.keySet());
    plans.forEach(this::assertValid);
  }

  @Test
  void anImportedPlanValidates() {
    String har =
        """
        {"log": {"entries": [
          {"startedDateTime": "2026-12-03T10:00:00.000Z", "time": 10,
           "request": {"method": "POST", "url": "http://127.0.0.1:8081/api",
                       "headers": [{"name": "Accept", "value": "application/json"}],
                       "postData": {"mimeType": "application/json", "text": "{\\"a\\": 1}"}},
           "response": {"status": 200, "headers": [], "content": {"mimeType": "text/html"}}},
          {"startedDateTime": "2026-12-03T10:00:02.000Z", "time": 10,
           "request": {"method": "GET", "url": "http://127.0.0.1:8081/next", "headers": []},
           "response": {"status": 200, "headers": [], "content": {"mimeType": "text/html"}}}
        ]}}
        """;

    assertValid(
        "imported", new PlanWriter().write("imported", "a HAR", new HarImporter().read(har)));
  }

  @Test
  void theHttpVersionIsOneOfTheTwoItKnows() {
    String plan =
        """
        name: x
        scenarios:
          - name: s
            load: {model: constant, rate: 1/s, duration: 1s}
            protocol: {type: http, version: %s}
            steps: [{request: {url: "http://127.0.0.1:9/"}}]
        """;
    for (String version : List.of("2", "\"2\"", "1.1", "\"1.1\"", "2.0")) {
      assertValid("version " + version, plan.formatted(version));
    }
    assertInvalid(plan.formatted("3"), "/scenarios/0/protocol/version");
    assertInvalid(plan.formatted("h2"), "/scenarios/0/protocol/version");
  }

  @Test
  void theTlsTrustOptionsAreKnownAndTheirContradictionIsRefused() {
    String plan =
        """
        name: x
        scenarios:
          - name: s
            load: {model: constant, rate: 1/s, duration: 1s}
            protocol: {type: http, %s}
            steps: [{request: {url: "https://127.0.0.1:9/"}}]
        """;
    assertValid("insecure", plan.formatted("insecureSkipTLSVerify: true"));
    assertValid("trust store", plan.formatted("trustStore: ca.p12, trustStorePassword: 123456"));
    assertValid(
        "trust store, verified",
        plan.formatted("trustStore: ca.jks, insecureSkipTLSVerify: false"));

    assertInvalid(
        plan.formatted("trustStore: ca.p12, insecureSkipTLSVerify: true"), "/scenarios/0/protocol");
    assertInvalid(plan.formatted("trustStorePassword: secret"), "trustStore");
    assertInvalid(plan.formatted("insecureSkipTLSVerify: yes-please"), "insecureSkipTLSVerify");
    assertInvalid(plan.formatted("trustStore: ' '"), "/scenarios/0/protocol/trustStore");
  }

  @Test
  void knownMistakesAreRefusedWithTheirPlace() {
    assertInvalid("name: x\nsurprise: 1\nscenarios: []\n", "surprise");
    assertInvalid(
        """
        name: x
        scenarios:
          - name: s
            load: {model: constant, rate: fast, duration: 10}
            steps:
              - request: {method: GET}
                think: 1s
        """,
        "/scenarios/0");
    assertInvalid(
        """
        name: x
        scenarios:
          - name: s
            load: {model: constant, rate: 5/s, duration: 1m}
            steps:
              - request: {url: "http://127.0.0.1:9/", verb: GET}
        """,
        "verb");
    assertInvalid(
        """
        name: x
        scenarios:
          - name: s
            load: {model: constant, rate: 5/s, duration: 1m}
            steps:
              - request: {url: "http://127.0.0.1:9/"}
                checks:
                  - status: 200
                    bodyContains: ok
        thresholds:
          - p95 lower than 3s
        """,
        "/thresholds/0");
  }

  /** Plans in the docs' YAML blocks, with {@code load:} and {@code steps:} fragments wrapped. */
  private static Map<String, String> plansInDocs() throws IOException {
    Map<String, String> plans = new LinkedHashMap<>();
    List<Path> documents;
    try (Stream<Path> files = Files.list(REPOSITORY.resolve("docs"))) {
      documents = files.filter(file -> file.toString().endsWith(".md")).sorted().toList();
    }
    for (Path document : documents) {
      Matcher block = YAML_BLOCK.matcher(Files.readString(document, StandardCharsets.UTF_8));
      int index = 0;
      while (block.find()) {
        String where = document.getFileName() + " block " + index++;
        String text = withoutLeadingComments(block.group(1));
        if (text.startsWith("name:")) {
          plans.put(where, block.group(1));
        } else if (text.startsWith("load:")) {
          List<String> fragments = topLevelFragments(text);
          for (int part = 0; part < fragments.size(); part++) {
            plans.put(where + " load " + part, AROUND_LOAD.formatted(indent(fragments.get(part))));
          }
        } else if (text.startsWith("steps:")) {
          plans.put(where, AROUND_STEPS.formatted(indent(text)));
        }
      }
    }
    return plans;
  }

  private static String withoutLeadingComments(String text) {
    return text.lines()
        .dropWhile(line -> line.isBlank() || line.startsWith("#"))
        .reduce((first, second) -> first + "\n" + second)
        .orElse("");
  }

  /** Splits {@code load: ...} lines (each one a fragment with its indented lines). */
  private static List<String> topLevelFragments(String text) {
    List<String> fragments = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.lines().toList()) {
      if (line.startsWith("load:") && !current.isEmpty()) {
        fragments.add(current.toString());
        current.setLength(0);
      }
      if (!line.startsWith("#")) {
        current.append(line).append('\n');
      }
    }
    fragments.add(current.toString());
    return fragments;
  }

  private static String indent(String fragment) {
    return fragment.lines().map(line -> "    " + line).reduce("", (a, b) -> a + b + "\n");
  }

  private void assertValid(String where, String yaml) {
    List<Error> errors = schema.validate(read(yaml));
    assertEquals(List.of(), errors.stream().map(Object::toString).toList(), where + ":\n" + yaml);
  }

  private void assertInvalid(String yaml, String expectedInAMessage) {
    List<String> errors = schema.validate(read(yaml)).stream().map(Object::toString).toList();
    assertFalse(errors.isEmpty(), "no error for\n" + yaml);
    assertTrue(
        errors.stream().anyMatch(error -> error.contains(expectedInAMessage)),
        errors + " should mention " + expectedInAMessage);
  }

  private static JsonNode read(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (IOException e) {
      throw new AssertionError("not YAML: " + yaml, e);
    }
  }
}
