package io.loadline.web.report;

import io.loadline.engine.LatencySummary;
import io.loadline.engine.RunSummary;
import io.loadline.engine.ScenarioSummary;
import io.loadline.engine.StepSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link RunSummary} into table rows: each scenario, then each of its steps. Latency is the
 * engine's latency from the intended start. Steps have no started, dropped or interrupted counts or
 * rates of their own (the engine counts those per scenario), so those cells are "n/a". Stateless.
 */
public final class SummaryRows {

  private SummaryRows() {}

  public static List<SummaryRow> of(RunSummary summary) {
    List<SummaryRow> rows = new ArrayList<>();
    if (summary == null) {
      return rows;
    }
    for (ScenarioSummary scenario : summary.scenarios()) {
      rows.add(scenarioRow(scenario));
      for (StepSummary step : scenario.steps()) {
        rows.add(stepRow(step));
      }
    }
    return rows;
  }

  private static SummaryRow scenarioRow(ScenarioSummary scenario) {
    LatencySummary latency = orEmpty(scenario.latency());
    return new SummaryRow(
        true,
        scenario.name(),
        Figures.count(scenario.requests()),
        Figures.count(scenario.successes()),
        Figures.count(scenario.failures()),
        Figures.byKind(scenario.failuresByKind()),
        Figures.count(scenario.arrivals() - scenario.dropped()),
        Figures.count(scenario.dropped()),
        Figures.count(scenario.interrupted()),
        Figures.rate(scenario.arrivalRatePerSecond()),
        Figures.rate(scenario.throughputPerSecond()),
        Figures.millis(latency.p50Millis()),
        Figures.millis(latency.p90Millis()),
        Figures.millis(latency.p95Millis()),
        Figures.millis(latency.p99Millis()),
        Figures.millis(latency.maxMillis()),
        Figures.millis(latency.meanMillis()),
        Figures.millis(latency.minMillis()));
  }

  private static SummaryRow stepRow(StepSummary step) {
    LatencySummary latency = orEmpty(step.latency());
    return new SummaryRow(
        false,
        step.name(),
        Figures.count(step.requests()),
        Figures.count(step.successes()),
        Figures.count(step.failures()),
        Figures.byKind(step.failuresByKind()),
        Figures.NOT_AVAILABLE,
        Figures.NOT_AVAILABLE,
        Figures.NOT_AVAILABLE,
        Figures.NOT_AVAILABLE,
        Figures.NOT_AVAILABLE,
        Figures.millis(latency.p50Millis()),
        Figures.millis(latency.p90Millis()),
        Figures.millis(latency.p95Millis()),
        Figures.millis(latency.p99Millis()),
        Figures.millis(latency.maxMillis()),
        Figures.millis(latency.meanMillis()),
        Figures.millis(latency.minMillis()));
  }

  private static LatencySummary orEmpty(LatencySummary latency) {
    return latency == null ? LatencySummary.EMPTY : latency;
  }
}
