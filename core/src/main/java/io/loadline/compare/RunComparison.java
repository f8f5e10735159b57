package io.loadline.compare;

import io.loadline.engine.LatencySummary;
import io.loadline.engine.RunSummary;
import io.loadline.engine.ScenarioSummary;
import io.loadline.engine.StepSummary;
import io.loadline.run.RunRecord;
import io.loadline.run.RunState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Two or more runs of one plan side by side, per scenario and per step: each percentile, the error
 * rate and the throughput of every run, and for each run after the first (the reference) the change
 * from the reference in absolute and in percent, marked as a regression when it is worse by more
 * than the tolerance. Latency percentiles (corrected, and the service time's p95) and the error
 * rate regress when they grow, the throughput when it falls. Immutable.
 *
 * @param runIds the runs in the order compared; the first is the reference
 * @param tolerancePercent how much worse than the reference a figure may be, in percent of the
 *     reference's value, before it is a regression
 * @param rows one row per scenario, then per step of it, in plan order of the reference run
 */
public record RunComparison(
    long planId, List<Long> runIds, double tolerancePercent, List<Row> rows, boolean regressed) {

  /** The metrics compared, with the direction in which each one gets worse. */
  public enum Metric {
    P50("p50", true),
    P90("p90", true),
    P95("p95", true),
    /** The p95 of service time (from the actual send), named as its threshold metric is. */
    SERVICE_P95("service_p95", true),
    P99("p99", true),
    ERROR_RATE("error_rate", true),
    THROUGHPUT("throughput", false);

    private final String label;
    private final boolean higherIsWorse;

    Metric(String label, boolean higherIsWorse) {
      this.label = label;
      this.higherIsWorse = higherIsWorse;
    }

    public String label() {
      return label;
    }

    public boolean higherIsWorse() {
      return higherIsWorse;
    }
  }

  /**
   * One scenario or step.
   *
   * @param step null for the scenario's own row
   */
  public record Row(String scenario, String step, List<MetricComparison> metrics) {

    public String label() {
      return step == null ? scenario : scenario + " / " + step;
    }
  }

  /**
   * One metric of one row across the runs.
   *
   * @param values each run's value, null where it had no data (ms, %, or per second)
   * @param changes for each run after the first, its change from the first
   */
  public record MetricComparison(String metric, List<Double> values, List<Change> changes) {}

  /**
   * A change from the reference run.
   *
   * @param absolute value minus the reference's value, or null when either had no data
   * @param percent the change in percent of the reference's value, or null when that is null or 0
   * @param regression whether it is worse than the reference by more than the tolerance
   */
  public record Change(Double absolute, Double percent, boolean regression) {}

  /**
   * Compares the runs; they must be at least two, of one plan, each with a summary.
   *
   * @throws IllegalArgumentException otherwise, with a message that says which run is wrong
   */
  public static RunComparison of(List<RunRecord> runs, double tolerancePercent) {
    Objects.requireNonNull(runs, "runs");
    if (runs.size() < 2) {
      throw new IllegalArgumentException("Give at least two runs to compare, not " + runs.size());
    }
    if (tolerancePercent < 0) {
      throw new IllegalArgumentException("The tolerance must be 0 % or more");
    }
    RunRecord reference = runs.getFirst();
    for (RunRecord run : runs) {
      if (run.planId() != reference.planId()) {
        throw new IllegalArgumentException(
            "Run "
                + run.id()
                + " is of plan "
                + run.planId()
                + ", not of plan "
                + reference.planId()
                + " like run "
                + reference.id()
                + "; compare runs of one plan.");
      }
      if (run.summary() == null) {
        throw new IllegalArgumentException("Run " + run.id() + " " + whyNoFigures(run));
      }
    }
    List<Row> rows = new ArrayList<>();
    for (ScenarioSummary scenario : reference.summary().scenarios()) {
      rows.add(row(runs, scenario.name(), null, tolerancePercent));
      for (StepSummary step : scenario.steps()) {
        rows.add(row(runs, scenario.name(), step.name(), tolerancePercent));
      }
    }
    boolean regressed =
        rows.stream()
            .flatMap(row -> row.metrics().stream())
            .flatMap(metric -> metric.changes().stream())
            .anyMatch(Change::regression);
    return new RunComparison(
        reference.planId(),
        runs.stream().map(RunRecord::id).toList(),
        tolerancePercent,
        rows,
        regressed);
  }

  /** Why a run has no summary to compare, by what happened to it. */
  private static String whyNoFigures(RunRecord run) {
    if (run.state() == RunState.INTERRUPTED) {
      return "has no final figures: it was interrupted (the server stopped while it ran) before"
          + " it ended; leave it out.";
    }
    return run.startedAt() == null
        ? "has no figures (it never started); leave it out."
        : "has no figures yet; compare it once it has ended, or leave it out.";
  }

  private static Row row(List<RunRecord> runs, String scenario, String step, double tolerance) {
    List<MetricComparison> metrics = new ArrayList<>();
    for (Metric metric : Metric.values()) {
      List<Double> values = new ArrayList<>();
      for (RunRecord run : runs) {
        values.add(value(run.summary(), scenario, step, metric));
      }
      List<Change> changes = new ArrayList<>();
      for (int index = 1; index < values.size(); index++) {
        changes.add(change(values.getFirst(), values.get(index), metric, tolerance));
      }
      metrics.add(new MetricComparison(metric.label(), values, changes));
    }
    return new Row(scenario, step, metrics);
  }

  static Change change(Double reference, Double value, Metric metric, double tolerancePercent) {
    if (reference == null || value == null) {
      return new Change(null, null, false);
    }
    double absolute = value - reference;
    Double percent = reference == 0 ? null : absolute * 100 / reference;
    double worsening = metric.higherIsWorse() ? absolute : -absolute;
    // From a reference of 0, any worsening is beyond every relative tolerance.
    boolean regression =
        worsening > 0
            && (reference == 0 || worsening * 100 / Math.abs(reference) > tolerancePercent);
    return new Change(absolute, percent, regression);
  }

  private static Double value(RunSummary summary, String scenario, String step, Metric metric) {
    ScenarioSummary found =
        summary.scenarios().stream()
            .filter(s -> s.name().equals(scenario))
            .findFirst()
            .orElse(null);
    if (found == null) {
      return null;
    }
    long requests;
    long failures;
    long successes;
    LatencySummary latency;
    LatencySummary serviceTime;
    if (step == null) {
      requests = found.requests();
      failures = found.failures();
      successes = found.successes();
      latency = found.latency();
      serviceTime = found.serviceTime();
    } else {
      StepSummary stepSummary =
          found.steps().stream().filter(s -> s.name().equals(step)).findFirst().orElse(null);
      if (stepSummary == null) {
        return null;
      }
      requests = stepSummary.requests();
      failures = stepSummary.failures();
      successes = stepSummary.successes();
      latency = stepSummary.latency();
      serviceTime = stepSummary.serviceTime();
    }
    return switch (metric) {
      case P50 -> latency.p50Millis();
      case P90 -> latency.p90Millis();
      case P95 -> latency.p95Millis();
      case SERVICE_P95 -> serviceTime == null ? null : serviceTime.p95Millis();
      case P99 -> latency.p99Millis();
      case ERROR_RATE -> requests == 0 ? null : failures * 100.0 / requests;
      case THROUGHPUT -> summary.elapsedSeconds() > 0 ? successes / summary.elapsedSeconds() : null;
    };
  }
}
