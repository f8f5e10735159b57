package io.loadline.web.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loadline.engine.EndReason;
import io.loadline.engine.LatencySummary;
import io.loadline.engine.RunResult;
import io.loadline.engine.RunSummary;
import io.loadline.engine.ScenarioSummary;
import io.loadline.engine.StepSummary;
import io.loadline.web.report.Figures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that ended after zero elapsed time has no rates: "n/a" in the table, null in the summary
 * JSON, and never NaN or Infinity. The engine cannot be made to end at exactly zero seconds, so the
 * result is built directly, as the engine builds it (rates null over zero time).
 */
class ZeroElapsedOutputTest {

  @TempDir Path directory;

  private final RunResult zeroElapsed = zeroElapsedResult();

  @Test
  void theTablePrintsNotAvailableForTheRatesOfAZeroElapsedRun() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    RunCommand.printResult(
        new PrintWriter(out, true), new PrintWriter(err, true), "instant", zeroElapsed);

    String printed = out.toString();
    List<String> lines = printed.lines().toList();
    int headingLine = indexOfLineStartingWith(lines, "scenario / step");
    List<String> headings = List.of(lines.get(headingLine).split(" {2,}"));
    List<String> figures = List.of(lines.get(headingLine + 1).split(" {2,}"));
    assertEquals("browse", figures.get(0), printed);
    assertEquals(Figures.NOT_AVAILABLE, figures.get(headings.indexOf("arrival rate")), printed);
    assertEquals(Figures.NOT_AVAILABLE, figures.get(headings.indexOf("throughput")), printed);
    assertEquals(Figures.NOT_AVAILABLE, figures.get(headings.indexOf("p95")), printed);
    assertEquals(Figures.NOT_AVAILABLE, figures.get(headings.indexOf("svc p95")), printed);
    assertTrue(printed.contains("'instant': schedule stopped before its end after 0.0 s"), printed);
    assertNoNonFiniteNumber(printed);
    assertEquals("", err.toString());
  }

  @Test
  void theSummaryJsonWritesNullForTheRatesOfAZeroElapsedRun() throws Exception {
    Path file = directory.resolve("summary.json");

    new SummaryJsonFile(file).write(zeroElapsed);

    String text = Files.readString(file);
    JsonNode scenario = new ObjectMapper().readTree(text).at("/result/summary/scenarios/0");
    assertEquals("browse", scenario.get("name").asText(), text);
    assertTrue(scenario.get("arrivalRatePerSecond").isNull(), text);
    assertTrue(scenario.get("throughputPerSecond").isNull(), text);
    assertTrue(scenario.at("/latency/p95Millis").isNull(), text);
    assertNoNonFiniteNumber(text);
  }

  private static void assertNoNonFiniteNumber(String text) {
    assertFalse(text.contains("NaN"), text);
    assertFalse(text.contains("Infinity"), text);
  }

  private static int indexOfLineStartingWith(List<String> lines, String start) {
    for (int index = 0; index < lines.size(); index++) {
      if (lines.get(index).startsWith(start)) {
        return index;
      }
    }
    throw new AssertionError("no line starts with '" + start + "': " + lines);
  }

  /** A run stopped before its first arrival: nothing counted, zero seconds elapsed. */
  private static RunResult zeroElapsedResult() {
    StepSummary step =
        new StepSummary("home", 0, 0, 0, Map.of(), LatencySummary.EMPTY, LatencySummary.EMPTY);
    ScenarioSummary scenario =
        new ScenarioSummary(
            "browse",
            0,
            0,
            0,
            0,
            0,
            Map.of(),
            0,
            null,
            null,
            LatencySummary.EMPTY,
            LatencySummary.EMPTY,
            LatencySummary.EMPTY,
            List.of(step));
    Instant at = Instant.parse("2026-12-04T10:00:00Z");
    return new RunResult(EndReason.STOPPED, new RunSummary(0.0, List.of(scenario)), at, at, null);
  }
}
