package io.loadline.web.report;

import io.loadline.engine.LatencySummary;
import io.loadline.engine.RunSummary;
import io.loadline.engine.ScenarioSummary;
import io.loadline.engine.StepSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link RunSummary} into table rows: each scenario, then each of its steps. The latency
 * columns come first and are the engine's latency from the intended start; then the service time's
 * p95 and the scheduling lag's p99 (see {@link SummaryRow#LEGEND}). Steps have no started, dropped
 * or interrupted counts, rates or scheduling lag of their own (the engine counts those per
 * scenario), so those cells are "n/a". Stateless.
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
    return row(
        true,
        scenario.name(),
        new Counts(
            scenario.requests(),
            scenario.successes(),
            scenario.failures(),
            scenario.failuresByKind()),
        List.of(
            Figures.count(scenario.arrivals() - scenario.dropped()),
            Figures.count(scenario.dropped()),
            Figures.count(scenario.interrupted()),
            Figures.rate(scenario.arrivalRatePerSecond()),
            Figures.rate(scenario.throughputPerSecond())),
        scenario.latency(),
        scenario.serviceTime(),
        Figures.millis(orEmpty(scenario.schedulingLag()).p99Millis()));
  }

  private static SummaryRow stepRow(StepSummary step) {
    return row(
        false,
        step.name(),
        new Counts(step.requests(), step.successes(), step.failures(), step.failuresByKind()),
        List.of(
            Figures.NOT_AVAILABLE,
            Figures.NOT_AVAILABLE,
            Figures.NOT_AVAILABLE,
            Figures.NOT_AVAILABLE,
            Figures.NOT_AVAILABLE),
        step.latency(),
        step.serviceTime(),
        Figures.NOT_AVAILABLE);
  }

  /** Request counts of a scenario or a step. */
  private record Counts(
      long requests, long successes, long failures, Map<String, Long> failuresByKind) {}

  /**
   * One row: the counts, the five arrival figures (started, dropped, interrupted, arrival rate,
   * throughput) as given, the latency cells and the service time's p95, the same for scenarios and
   * steps, and the scheduling lag's p99 as given.
   */
  private static SummaryRow row(
      boolean scenarioRow,
      String label,
      Counts counts,
      List<String> arrivalFigures,
      LatencySummary latencyOrNull,
      LatencySummary serviceTimeOrNull,
      String schedulingLagP99) {
    LatencySummary latency = orEmpty(latencyOrNull);
    return new SummaryRow(
        scenarioRow,
        label,
        Figures.count(counts.requests()),
        Figures.count(counts.successes()),
        Figures.count(counts.failures()),
        Figures.byKind(counts.failuresByKind()),
        arrivalFigures.get(0),
        arrivalFigures.get(1),
        arrivalFigures.get(2),
        arrivalFigures.get(3),
        arrivalFigures.get(4),
        Figures.millis(latency.p50Millis()),
        Figures.millis(latency.p90Millis()),
        Figures.millis(latency.p95Millis()),
        Figures.millis(latency.p99Millis()),
        Figures.millis(latency.maxMillis()),
        Figures.millis(latency.meanMillis()),
        Figures.millis(latency.minMillis()),
        Figures.millis(orEmpty(serviceTimeOrNull).p95Millis()),
        schedulingLagP99);
  }

  private static LatencySummary orEmpty(LatencySummary latency) {
    return latency == null ? LatencySummary.EMPTY : latency;
  }
}
