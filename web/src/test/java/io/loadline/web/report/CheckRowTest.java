package io.loadline.web.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loadline.engine.CheckSummary;
import io.loadline.engine.ExtractionSummary;
import io.loadline.engine.LatencySummary;
import io.loadline.engine.RunSummary;
import io.loadline.engine.ScenarioSummary;
import io.loadline.engine.StepSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckRowTest {

  @Test
  void eachCheckAndExtractionGetsARowWithItsCountsShareAndWhatFollowed() {
    RunSummary summary =
        summaryWith(
            List.of(
                new CheckSummary("login", "status in [200]", 75, 0),
                new CheckSummary("login", "body contains NOPE", 0, 75)),
            List.of(new ExtractionSummary("login", "token", "json $.nope", 3, 2, 70)));

    assertEquals(
        List.of(
            new CheckRow("shop / login", "check status in [200]", 75, 0, "0.0%", ""),
            new CheckRow("shop / login", "check body contains NOPE", 0, 75, "100.0%", ""),
            new CheckRow(
                "shop / login",
                "extract token: json $.nope",
                3,
                70,
                "93.3%",
                "2 used the default; 70 iterations ended here")),
        CheckRow.of(summary));
  }

  @Test
  void theTerminalShowsThemUnderTheTableAndNothingForAPlanWithout() {
    RunSummary summary =
        summaryWith(
            List.of(new CheckSummary("login", "status in [200]", 74, 1)),
            List.of(new ExtractionSummary("login", "token", "json $.token", 75, 0, 0)));

    String newline = System.lineSeparator();
    assertEquals(
        newline
            + "Checks and extractions (a failure ends its iteration, so later steps were not"
            + " sent, but does not make the request a failure):"
            + newline
            + "scenario / step  check or extraction          passed  failed  failed %  note"
            + newline
            + "shop / login     check status in [200]            74       1      1.3%"
            + newline
            + "shop / login     extract token: json $.token      75       0      0.0%"
            + newline,
        SummaryTable.checks(summary));
    assertEquals("", SummaryTable.checks(summaryWith(List.of(), List.of())));
    assertEquals("", SummaryTable.checks(null));
  }

  @Test
  void aCheckNoResponseReachedHasNoShare() {
    RunSummary summary =
        summaryWith(List.of(new CheckSummary("login", "status in [200]", 0, 0)), List.of());
    assertEquals("n/a", CheckRow.of(summary).getFirst().failedShare());
  }

  private static RunSummary summaryWith(
      List<CheckSummary> checks, List<ExtractionSummary> extractions) {
    LatencySummary latency = new LatencySummary(75, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0);
    StepSummary step =
        new StepSummary("login", 75, 75, 0, Map.of(), latency, latency, checks, extractions);
    ScenarioSummary scenario =
        new ScenarioSummary(
            "shop",
            75,
            0,
            75,
            75,
            0,
            Map.of(),
            0,
            75.0,
            75.0,
            latency,
            latency,
            LatencySummary.EMPTY,
            List.of(step));
    return new RunSummary(1.0, List.of(scenario));
  }
}
