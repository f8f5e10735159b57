package io.loadline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.loadline.spi.ConfigProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemOrderTest {

  @Test
  void problemsFollowTheTextWithIndicesAsNumbersAndMissingKeysFirst() throws Exception {
    StringBuilder scenarios = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      scenarios.append("  - {steps: [a, b, c, d, e, f, g, h, i, j, k], load: x}\n");
    }
    ProblemOrder order =
        ProblemOrder.of(
            new ObjectMapper(new YAMLFactory())
                .readTree("timeout: 1\nscenarios:\n" + scenarios + "thresholds: [a]\n"));
    List<String> found =
        List.of(
            "thresholds[0]",
            "scenarios[10].load",
            "scenarios[2].load.rate",
            "scenarios[2].steps[10].request.url",
            "scenarios[2].steps[9]",
            "scenarios[2].steps",
            "timeout",
            "name");

    List<String> sorted =
        order.sorted(found.stream().map(path -> new ConfigProblem(path, "x")).toList()).stream()
            .map(ConfigProblem::path)
            .toList();

    assertEquals(
        List.of(
            "name",
            "timeout",
            "scenarios[2].steps",
            "scenarios[2].steps[9]",
            "scenarios[2].steps[10].request.url",
            "scenarios[2].load.rate",
            "scenarios[10].load",
            "thresholds[0]"),
        sorted);
  }

  @Test
  void problemsAtTheSamePlaceKeepTheOrderTheyWereFoundIn() {
    List<ConfigProblem> problems =
        List.of(
            new ConfigProblem("scenarios[1].steps[0]", "second"),
            new ConfigProblem("scenarios[0]", "first"),
            new ConfigProblem("scenarios[1].steps[0]", "third"));

    assertEquals(
        List.of(problems.get(1), problems.get(0), problems.get(2)),
        ProblemOrder.WITHOUT_TEXT.sorted(problems));
  }
}
