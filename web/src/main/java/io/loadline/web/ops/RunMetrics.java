package io.loadline.web.ops;

import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.RunHistograms;
import io.loadline.engine.RunSummary;
import io.loadline.engine.ScenarioInterval;
import io.loadline.engine.ScenarioSummary;
import io.loadline.engine.StepSummary;
import io.loadline.run.RunListener;
import io.loadline.run.RunRecord;
import io.loadline.run.RunService;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs' Prometheus metrics, computed at each scrape from {@link RunService}: the live summary
 * of every active run and the final summary of recently finished ones. Counters are therefore
 * exactly the figures of the run's summary (API, dashboard and reports agree), and gauges read the
 * newest 1 s interval.
 *
 * <p>Series of a finished run are kept for {@link #FINISHED_RUN_RETENTION} after it ends, and for
 * at most the {@link #FINISHED_RUNS_KEPT} most recently finished runs, so a scraper sees every
 * run's final counters while series do not pile up. A finished run's gauges read 0.
 *
 * <p>Latency ({@code loadline_request_latency_seconds}, from the intended start) is a Prometheus
 * histogram with classic buckets from 1 ms to 60 s (see {@link LatencyBuckets}), so that {@code
 * histogram_quantile} can aggregate it over steps, runs and servers. Its bucket counts are read at
 * each scrape from the engine's own cumulative HdrHistogram of the step (live while the run is
 * active, the stored final one after), not recorded a second time: the engine does the timing once,
 * a run's {@code _count} is its request count, and no per-request work is added. This is why the
 * metric is built as a snapshot here rather than with the client library's {@code Histogram}, which
 * can only be fed one observation at a time. A finished run's buckets are read from the database
 * once and kept as long as its series are shown. Thread-safe.
 */
public final class RunMetrics implements MultiCollector, RunListener {

  /** How long a finished run's series stay on {@code /metrics}. */
  public static final Duration FINISHED_RUN_RETENTION = Duration.ofMinutes(10);

  /** How many finished runs' series stay on {@code /metrics} at most. */
  public static final int FINISHED_RUNS_KEPT = 20;

  static final String OUTCOME_SUCCESS = "success";

  private final RunService runs;

  /** The finished runs still shown, with their end times. */
  private final FinishedRuns finishedRuns;

  /** The latency buckets of the finished runs shown, read once from their stored histograms. */
  private final Map<Long, Map<StepKey, LatencyBuckets>> finishedLatency = new ConcurrentHashMap<>();

  public RunMetrics(RunService runs, Clock clock) {
    this.runs = runs;
    this.finishedRuns = new FinishedRuns(clock, FINISHED_RUN_RETENTION, FINISHED_RUNS_KEPT);
    runs.addListener(this);
  }

  @Override
  public void onEnded(long runId) {
    finishedRuns.ended(runId);
  }

  @Override
  public MetricSnapshots collect() {
    List<RunView> active = new ArrayList<>();
    List<RunView> finished = new ArrayList<>();
    for (long runId : runs.activeRunIds()) {
      Optional<RunRecord> found = runs.find(runId);
      if (found.isEmpty()) {
        continue;
      }
      // A run can end between the two reads: then it is shown with its final figures.
      RunRecord run = found.get();
      Map<StepKey, LatencyBuckets> latency = bucketsByStep(runs.liveHistograms(runId));
      if (run.state().isTerminal()) {
        finished.add(new RunView(run, Optional.empty(), latency));
      } else {
        active.add(new RunView(run, runs.latestInterval(runId), latency));
      }
    }
    List<Long> shown = finishedRuns.shown();
    finishedLatency.keySet().retainAll(shown);
    for (long runId : shown) {
      runs.find(runId)
          .filter(run -> run.state().isTerminal())
          .ifPresent(
              run -> finished.add(new RunView(run, Optional.empty(), finishedLatency(runId))));
    }
    return snapshotOf(active, finished);
  }

  /**
   * The scrape of these runs, each shown once. A run that ends while the scrape reads the runs can
   * be seen both active (read first) and finished (read after it ended): its finished view, the
   * newer one, wins, since two series with the same labels would make the whole scrape fail.
   */
  static MetricSnapshots snapshotOf(List<RunView> active, List<RunView> finished) {
    Map<Long, RunView> byRun = new LinkedHashMap<>();
    active.forEach(view -> byRun.put(view.run().id(), view));
    finished.forEach(view -> byRun.put(view.run().id(), view));

    Families families = new Families();
    long activeRuns = 0;
    long virtualUsers = 0;
    for (RunView view : byRun.values()) {
      long inFlight = addRun(families, view.run(), view.latest(), view.latency());
      if (!view.run().state().isTerminal()) {
        activeRuns++;
        virtualUsers += inFlight;
      }
    }
    families.activeRuns.dataPoint(gauge(Labels.EMPTY, activeRuns));
    families.virtualUsers.dataPoint(gauge(Labels.EMPTY, virtualUsers));
    return families.build();
  }

  private Map<StepKey, LatencyBuckets> finishedLatency(long runId) {
    return finishedLatency.computeIfAbsent(runId, id -> bucketsByStep(runs.liveHistograms(id)));
  }

  private static Map<StepKey, LatencyBuckets> bucketsByStep(RunHistograms histograms) {
    Map<StepKey, LatencyBuckets> buckets = new HashMap<>();
    for (RunHistograms.ScenarioHistograms scenario : histograms.scenarios()) {
      for (RunHistograms.StepHistograms step : scenario.steps()) {
        buckets.put(
            new StepKey(scenario.scenario(), step.step()), LatencyBuckets.of(step.latency()));
      }
    }
    return Map.copyOf(buckets);
  }

  /** Adds one run's series; returns its iterations in flight now (0 once it has ended). */
  private static long addRun(
      Families families,
      RunRecord run,
      Optional<IntervalSnapshot> latest,
      Map<StepKey, LatencyBuckets> latency) {
    RunSummary summary = run.summary();
    long inFlightTotal = 0;
    List<ScenarioSummary> scenarios = summary == null ? List.of() : summary.scenarios();
    for (ScenarioSummary scenario : scenarios) {
      Labels labels =
          Labels.of(
              "run", Long.toString(run.id()), "plan", run.planName(), "scenario", scenario.name());
      families.arrivals.dataPoint(counter(labels, scenario.arrivals()));
      families.dropped.dataPoint(counter(labels, scenario.dropped()));
      Optional<ScenarioInterval> interval =
          latest.flatMap(snapshot -> scenarioOf(snapshot, scenario.name()));
      long inFlight = interval.map(ScenarioInterval::inFlight).orElse(0L);
      inFlightTotal += inFlight;
      families.inFlight.dataPoint(gauge(labels, inFlight));
      families.targetRate.dataPoint(
          gauge(labels, interval.map(ScenarioInterval::targetRatePerSecond).orElse(0.0)));
      families.arrivalRate.dataPoint(
          gauge(labels, interval.map(ScenarioInterval::arrivalRatePerSecond).orElse(0.0)));
      families.achievedRate.dataPoint(
          gauge(labels, interval.map(ScenarioInterval::startedPerSecond).orElse(0.0)));
      families.requestRate.dataPoint(
          gauge(labels, interval.map(ScenarioInterval::requestsPerSecond).orElse(0.0)));
      for (StepSummary step : scenario.steps()) {
        LatencyBuckets buckets =
            latency.getOrDefault(new StepKey(scenario.name(), step.name()), LatencyBuckets.empty());
        addStep(families, labels.add("step", step.name()), step, buckets);
      }
    }
    return inFlightTotal;
  }

  private static void addStep(
      Families families, Labels stepLabels, StepSummary step, LatencyBuckets latency) {
    families.requests.dataPoint(
        counter(stepLabels.add("outcome", OUTCOME_SUCCESS), step.successes()));
    step.failuresByKind()
        .forEach(
            (kind, count) -> {
              families.requests.dataPoint(counter(stepLabels.add("outcome", kind), count));
              families.failures.dataPoint(counter(stepLabels.add("kind", kind), count));
            });
    families.latency.dataPoint(latency.dataPoint(stepLabels));
  }

  private static Optional<ScenarioInterval> scenarioOf(IntervalSnapshot snapshot, String name) {
    return snapshot.scenarios().stream().filter(s -> s.scenario().equals(name)).findFirst();
  }

  private static CounterDataPointSnapshot counter(Labels labels, double value) {
    return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
    return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  /** The metric families of one scrape, filled run by run. */
  private static final class Families {

    final GaugeSnapshot.Builder activeRuns =
        gaugeFamily("loadline_active_runs", "Runs PENDING or RUNNING in this server.");
    final GaugeSnapshot.Builder virtualUsers =
        gaugeFamily(
            "loadline_active_virtual_users",
            "Iterations (virtual users of the open model) in flight over all active runs.");
    final CounterSnapshot.Builder requests =
        counterFamily(
            "loadline_requests", "Requests that ended, by run, scenario, step and outcome.");
    final CounterSnapshot.Builder failures =
        counterFamily("loadline_request_failures", "Failed requests by kind.");
    final HistogramSnapshot.Builder latency =
        HistogramSnapshot.builder()
            .name("loadline_request_latency_seconds")
            .help("Latency from the intended start (corrected for coordinated omission).");
    final CounterSnapshot.Builder arrivals =
        counterFamily("loadline_arrivals", "Intended arrivals that came due (started + dropped).");
    final CounterSnapshot.Builder dropped =
        counterFamily(
            "loadline_dropped_arrivals", "Arrivals dropped because the in-flight cap was reached.");
    final GaugeSnapshot.Builder inFlight =
        gaugeFamily("loadline_in_flight_iterations", "Iterations in flight; 0 once the run ended.");
    final GaugeSnapshot.Builder targetRate =
        gaugeFamily(
            "loadline_target_rate_per_second", "The rate model's planned arrivals per second.");
    final GaugeSnapshot.Builder arrivalRate =
        gaugeFamily(
            "loadline_arrival_rate_per_second",
            "Arrivals (started + dropped) in the newest 1 s interval, per second.");
    final GaugeSnapshot.Builder achievedRate =
        gaugeFamily(
            "loadline_achieved_rate_per_second",
            "Arrivals that started an iteration in the newest 1 s interval, per second.");
    final GaugeSnapshot.Builder requestRate =
        gaugeFamily(
            "loadline_request_rate_per_second",
            "Requests that ended in the newest 1 s interval, per second.");

    MetricSnapshots build() {
      return MetricSnapshots.of(
          activeRuns.build(),
          virtualUsers.build(),
          requests.build(),
          failures.build(),
          latency.build(),
          arrivals.build(),
          dropped.build(),
          inFlight.build(),
          targetRate.build(),
          arrivalRate.build(),
          achievedRate.build(),
          requestRate.build());
    }

    private static GaugeSnapshot.Builder gaugeFamily(String name, String help) {
      return GaugeSnapshot.builder().name(name).help(help);
    }

    private static CounterSnapshot.Builder counterFamily(String name, String help) {
      return CounterSnapshot.builder().name(name).help(help);
    }
  }

  /** A step of a run, as the histograms name it. */
  record StepKey(String scenario, String step) {}

  /**
   * One run as a scrape shows it.
   *
   * @param latest its newest interval while it is active; empty once it has ended (gauges read 0)
   * @param latency its latency buckets by step
   */
  record RunView(
      RunRecord run, Optional<IntervalSnapshot> latest, Map<StepKey, LatencyBuckets> latency) {}

  @Override
  public String toString() {
    return "RunMetrics[" + finishedRuns + "]";
  }
}
