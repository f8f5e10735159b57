package io.loadline.web.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.loadline.engine.LatencySummary;
import io.loadline.engine.RunSummary;
import io.loadline.engine.ScenarioSummary;
import io.loadline.engine.StepSummary;
import io.loadline.report.RunReport;
import java.time.Instant;
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
  void aRateOverZeroElapsedTimeIsNotAvailableAndOthersHaveOneDecimal() {
    assertEquals("n/a", Figures.rate(null));
    assertEquals("0.0/s", Figures.rate(0.0));
    assertEquals("199.8/s", Figures.rate(199.8));
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

  @Test
  void theTableShowsServiceTimeP95AndSchedulingLagP99AfterTheCorrectedLatency() {
    String table = SummaryTable.render(SummaryRows.of(withServiceTimeAndLag()));

    List<String> lines = table.lines().toList();
    List<String> headings = List.of(lines.get(0).split(" {2,}"));
    List<String> figures = List.of(lines.get(1).split(" {2,}"));
    List<String> stepFigures = List.of(lines.get(2).trim().split(" {2,}"));
    assertEquals(headings.size(), figures.size(), table);
    assertEquals("120 ms", figures.get(headings.indexOf("p95")), table);
    assertEquals("35.2 ms", figures.get(headings.indexOf("svc p95")), table);
    assertEquals("2.47 ms", figures.get(headings.indexOf("lag p99")), table);
    assertEquals("35.2 ms", stepFigures.get(headings.indexOf("svc p95")), table);
    assertEquals(Figures.NOT_AVAILABLE, stepFigures.get(headings.indexOf("lag p99")), table);
    assertTrue(headings.indexOf("min") < headings.indexOf("svc p95"), headings.toString());
    assertTrue(headings.indexOf("p50") < headings.indexOf("svc p95"), headings.toString());
    assertEquals(3, lines.size(), "the table ends after the step: " + table);
    assertTrue(
        SummaryTable.legend().startsWith("p50 to min: latency from each request's intended start"),
        SummaryTable.legend());
  }

  @Test
  void theHtmlReportHasTheServiceTimeAndLagColumnsAndSaysWhatEachMeasures() {
    RunSummary summary = withServiceTimeAndLag();
    RunReport report =
        new RunReport(
            RunReport.SCHEMA_VERSION,
            1,
            1,
            "plan",
            "PASSED",
            null,
            Instant.parse("2026-12-04T10:00:00Z"),
            Instant.parse("2026-12-04T10:00:02Z"),
            2000L,
            null,
            RunReport.Totals.of(summary),
            RunReport.FROM_SUMMARY,
            summary,
            List.of(),
            "name: plan");

    String html = new HtmlReport(new ObjectMapper()).render(report, List.of());

    assertTrue(html.contains("<th>svc p95</th><th>lag p99</th>"), "headings");
    assertTrue(html.contains("<td>35.2 ms</td><td>2.47 ms</td>"), "the scenario's cells");
    assertTrue(html.contains(HtmlReport.escape(SummaryRow.LEGEND)), "the legend");
  }

  /** One scenario and step: p95 120 ms corrected, 35.2 ms service time, lag p99 2.47 ms. */
  private static RunSummary withServiceTimeAndLag() {
    LatencySummary latency = new LatencySummary(4, 10.0, 50.0, 40.0, 90.0, 120.0, 130.0, 131.0);
    LatencySummary serviceTime = new LatencySummary(4, 8.0, 20.0, 18.0, 30.0, 35.2, 40.0, 41.0);
    LatencySummary lag = new LatencySummary(4, 0.01, 0.5, 0.02, 1.0, 1.5, 2.47, 3.0);
    StepSummary step = new StepSummary("home", 4, 4, 0, Map.of(), latency, serviceTime);
    ScenarioSummary scenario =
        new ScenarioSummary(
            "browse",
            4,
            0,
            4,
            4,
            0,
            Map.of(),
            0,
            2.0,
            2.0,
            latency,
            serviceTime,
            lag,
            List.of(step));
    return new RunSummary(2.0, List.of(scenario));
  }
}
