package io.loadline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Problem paths mapped to the lines of a plan's YAML or JSON text. */
class PlanLinesTest {

  private static final String YAML =
      """
      name: checkout
      scenarios:
        - name: browse
          load:
            model: constant
            duration: 1s
          steps:
            - name: home
              request:
                method: GET
                url: http://127.0.0.1:1/
                headers:
                  X-Token: abc
      thresholds:
        - error_rate < 1%
        - p99 < 1s
      """;

  private final PlanLines lines = PlanLines.of(YAML);

  @Test
  void aKeyMapsToItsOwnLine() {
    assertEquals(OptionalInt.of(1), lines.lineOf("name"));
    assertEquals(OptionalInt.of(11), lines.lineOf("scenarios[0].steps[0].request.url"));
    assertEquals(OptionalInt.of(13), lines.lineOf("scenarios[0].steps[0].request.headers.X-Token"));
  }

  @Test
  void aListItemMapsToTheLineItOpensOn() {
    assertEquals(OptionalInt.of(3), lines.lineOf("scenarios[0]"));
    assertEquals(OptionalInt.of(8), lines.lineOf("scenarios[0].steps[0]"));
    assertEquals(OptionalInt.of(16), lines.lineOf("thresholds[1]"));
  }

  @Test
  void aMissingKeyOrItemMapsToTheDeepestNodeThePlanHas() {
    assertEquals(OptionalInt.of(4), lines.lineOf("scenarios[0].load.rate"));
    assertEquals(OptionalInt.of(2), lines.lineOf("scenarios[1].steps[2].request.url"));
    assertEquals(OptionalInt.of(14), lines.lineOf("thresholds[5]"));
  }

  @Test
  void aKeyMissingFromTheRootMapsToTheLineTheRootOpensOn() {
    PlanLines noName = PlanLines.of("\n# a plan\nscenarios: []\n");

    assertEquals(OptionalInt.of(3), noName.lineOf("name"));
  }

  @Test
  void jsonLinesAreCountedLikeYaml() {
    PlanLines json =
        PlanLines.of(
            """
            {
              "name": "checkout",
              "scenarios": [
                {
                  "name": "browse",
                  "load": {"model": "constant", "rate": 0}
                }
              ]
            }
            """);

    assertEquals(OptionalInt.of(2), json.lineOf("name"));
    assertEquals(OptionalInt.of(4), json.lineOf("scenarios[0]"));
    assertEquals(OptionalInt.of(6), json.lineOf("scenarios[0].load.rate"));
    assertEquals(OptionalInt.of(4), json.lineOf("scenarios[0].steps"));
  }

  @Test
  void textThatDoesNotParseHasNoLines() {
    PlanLines broken = PlanLines.of("name: a\nscenarios: [\n  - x: : :\n");

    assertEquals(OptionalInt.empty(), broken.lineOf("name"));
    assertEquals(OptionalInt.empty(), broken.lineOf(""));
  }
}
