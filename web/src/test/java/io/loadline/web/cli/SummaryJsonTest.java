package io.loadline.web.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loadline.web.Plans;
import io.loadline.web.demo.DemoTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryJsonTest {

  @TempDir Path directory;

  @Test
  void summaryJsonHoldsTheFinalTotalsAndIntervalsThatAddUpToThem() throws Exception {
    JsonNode document;
    try (DemoTarget target = DemoTarget.start(0)) {
      Path plan =
          Files.writeString(
              directory.resolve("plan.yaml"),
              Plans.yaml("json-run", target.baseUrl(), "20/s", "2s"));
      Path summary = directory.resolve("summary.json");

      int exitCode =
          execute(
              "run",
              plan.toString(),
              "--no-progress",
              "--plugins-dir",
              directory.toString(),
              "--summary-json",
              summary.toString());

      assertEquals(0, exitCode);
      document = new ObjectMapper().readTree(summary.toFile());
    }

    assertEquals("COMPLETED", document.at("/result/endReason").asText());
    JsonNode scenario = document.at("/result/summary/scenarios/0");
    assertEquals(40, scenario.get("requests").asLong());
    assertTrue(scenario.get("schedulingLag").has("p99Millis"), scenario.toString());
    long intervalRequests = 0;
    for (JsonNode interval : document.get("intervals")) {
      intervalRequests += interval.at("/scenarios/0/requests").asLong();
    }
    assertTrue(document.get("intervals").size() >= 2, document.get("intervals").toString());
    assertEquals(40, intervalRequests);
  }

  private static int execute(String... arguments) {
    picocli.CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    commandLine.setErr(new PrintWriter(new StringWriter(), true));
    return commandLine.execute(arguments);
  }
}
