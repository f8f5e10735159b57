package io.loadline.web.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loadline.engine.EndReason;
import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.RunResult;
import io.loadline.engine.RunSummary;
import io.loadline.web.Plans;
import io.loadline.web.demo.DemoTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryJsonTest {

  @TempDir Path directory;

  @Test
  void summaryJsonHoldsTheFinalTotalsAndIntervalsThatAddUpToThem() throws Exception {
    JsonNode document;
    try (DemoTarget target = DemoTarget.start(0)) {
      document = runWithSummaryJson("plan", Plans.yaml("json-run", target.baseUrl(), "20/s", "2s"));
    }

    assertEquals("COMPLETED", document.at("/result/endReason").asText());
    assertEquals(0, document.get("exitCode").asInt());
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

  @Test
  void aTimedOutRequestIsATimeoutWithALatencyOfAtLeastItsTimeoutWhateverTheIdleTimeout()
      throws Exception {
    // The client's idleTimeout of 500 ms once ended these requests as timeouts after 500 ms.
    JsonNode document;
    try (DemoTarget target = DemoTarget.start(0)) {
      String source =
          """
          name: slow-target
          gracefulStop: 5s
          scenarios:
            - name: slow
              load: {model: constant, rate: 2/s, duration: 1s}
              protocol: {type: http, idleTimeout: 500ms}
              steps:
                - request: {url: "%s/delay/3000", timeout: 2s}
          """
              .formatted(target.baseUrl());
      document = runWithSummaryJson("slow", source);
    }

    JsonNode scenario = document.at("/result/summary/scenarios/0");
    assertEquals(2, scenario.at("/failuresByKind/timeout").asLong(), scenario.toString());
    assertEquals(2, scenario.get("failures").asLong(), scenario.toString());
    double minMillis = scenario.at("/latency/minMillis").asDouble();
    assertTrue(minMillis >= 2000, "a 2 s timeout had a latency of " + minMillis + " ms");
  }

  /**
   * Runs the plan headless with {@code --summary-json}; the file's document, with the command's
   * exit code added as {@code exitCode}.
   */
  private JsonNode runWithSummaryJson(String name, String planSource) throws Exception {
    Path plan = Files.writeString(directory.resolve(name + ".yaml"), planSource);
    Path summary = directory.resolve(name + ".json");
    int exitCode =
        execute(
            "run",
            plan.toString(),
            "--no-progress",
            "--plugins-dir",
            directory.toString(),
            "--summary-json",
            summary.toString());
    ObjectNode document = (ObjectNode) new ObjectMapper().readTree(summary.toFile());
    return document.put("exitCode", exitCode);
  }

  private static int execute(String... arguments) {
    picocli.CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    commandLine.setErr(new PrintWriter(new StringWriter(), true));
    return commandLine.execute(arguments);
  }

  @Test
  void intervalsReachTheFileAsTheyArriveSoTheGeneratorKeepsNoneInMemory() throws Exception {
    Path summary = directory.resolve("streamed.json");
    SummaryJsonFile file = new SummaryJsonFile(summary);

    file.onInterval(new IntervalSnapshot(0, Instant.parse("2026-12-03T10:00:01Z"), List.of()));
    file.onInterval(new IntervalSnapshot(1, Instant.parse("2026-12-03T10:00:02Z"), List.of()));
    String beforeTheEnd = Files.readString(summary);
    file.write(
        new RunResult(
            EndReason.COMPLETED,
            new RunSummary(2.0, List.of()),
            Instant.parse("2026-12-03T10:00:00Z"),
            Instant.parse("2026-12-03T10:00:02Z"),
            null));

    assertTrue(
        beforeTheEnd.contains("\"second\" : 0") && beforeTheEnd.contains("\"second\" : 1"),
        "both snapshots were on disk before the run ended: " + beforeTheEnd);
    JsonNode document = new ObjectMapper().readTree(summary.toFile());
    assertEquals(2, document.get("intervals").size());
    assertEquals(1, document.at("/intervals/1/second").asInt());
    assertEquals("COMPLETED", document.at("/result/endReason").asText());
  }
}
