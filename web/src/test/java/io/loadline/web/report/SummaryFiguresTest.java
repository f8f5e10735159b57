package io.loadline.web.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.engine.LatencySummary;
import io.loadline.engine.RunSummary;
import io.loadline.engine.ScenarioSummary;
import io.loadline.engine.StepSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary table's columns and the way its figures are written, in the CLI and dashboard. */
class SummaryFiguresTest {

  @Test
  void latenciesShowTheHistogramsThreeSignificantDigits() {
    assertEquals("1420 ms", Figures.millis(1420.37));
    assertEquals("9.01 ms", Figures.millis(9.0123));
    assertEquals("0.793 ms", Figures.millis(0.79312));
    assertEquals("12.0 ms", Figures.millis(12.0));
    assertEquals("100 ms", Figures.millis(99.96));
    assertEquals("18400 ms", Figures.millis(18_350.2));
    assertEquals("0 ms", Figures.millis(0.0));
    assertEquals(Figures.NOT_AVAILABLE, Figures.millis(null));
  }

  @Test
  void theTableShowsStartedDroppedAndInterruptedSoThatArrivalsCanBeChecked() {
    LatencySummary latency =
        new LatencySummary(7, 0.79312, 9.0123, 9.0, 12.5, 100.4, 1420.37, 1500.0);
    StepSummary step = new StepSummary("home", 5, 4, 1, Map.of("timeout", 1L), latency, latency);
    ScenarioSummary scenario =
        new ScenarioSummary(
            "browse",
            10,
            3,
            5,
            4,
            1,
            Map.of("timeout", 1L),
            2,
            200.0,
            80.0,
            latency,
            latency,
            LatencySummary.EMPTY,
            List.of(step));

    String table = SummaryTable.render(SummaryRows.of(new RunSummary(1.0, List.of(scenario))));

    List<String> lines = table.lines().toList();
    List<String> headings = List.of(lines.get(0).split(" {2,}"));
    List<String> figures = List.of(lines.get(1).split(" {2,}"));
    assertEquals(headings.size(), figures.size(), table);
    assertEquals("7", figures.get(headings.indexOf("started")), table);
    assertEquals("3", figures.get(headings.indexOf("dropped")), table);
    assertEquals("2", figures.get(headings.indexOf("interrupted")), table);
    assertEquals("200.0/s", figures.get(headings.indexOf("arrival rate")), table);
    assertEquals("80.0/s", figures.get(headings.indexOf("throughput")), table);
    assertEquals("1420 ms", figures.get(headings.indexOf("p99")), table);
    assertEquals("0.793 ms", figures.get(headings.indexOf("min")), table);
    assertTrue(lines.get(2).startsWith("  home"), table);
    assertTrue(lines.get(2).contains("9.01 ms"), table);
    List<String> stepFigures = List.of(lines.get(2).trim().split(" {2,}"));
    assertEquals(headings.size(), stepFigures.size(), table);
    assertEquals(Figures.NOT_AVAILABLE, stepFigures.get(headings.indexOf("started")), table);
    assertEquals(Figures.NOT_AVAILABLE, stepFigures.get(headings.indexOf("throughput")), table);
    assertEquals("1420 ms", stepFigures.get(headings.indexOf("p99")), table);
    assertEquals("0.793 ms", stepFigures.get(headings.indexOf("min")), table);
  }
}
