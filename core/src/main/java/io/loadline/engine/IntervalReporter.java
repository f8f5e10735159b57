package io.loadline.engine;

import io.loadline.engine.metrics.OutcomeCounters;
import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one {@link IntervalSnapshot} per tick from the differences of the arrival counters since
 * the last tick and the requests drained since then, and hands it to the run's observer. Confined
 * to the run's timer thread, so the sum of every snapshot's counts equals the final totals. Within
 * one snapshot, a scenario's and each step's requests equal their outcomes' sum and their latency
 * count, and the scenario's requests equal its steps' sum: all come from one drain.
 */
final class IntervalReporter {

  private static final Logger LOG = LoggerFactory.getLogger(IntervalReporter.class);
  private static final double NANOS_PER_SECOND = 1e9;
  private static final int TARGET_RATE_SAMPLES = 16;

  private final List<ScenarioRun> scenarios;
  private final RunObserver observer;
  private final long originNanos;
  private final long[] previousArrivals;
  private final long[] previousDropped;
  private final long[] previousStarted;
  private long second;
  private long previousTickNanos;
  private boolean observerFailed;

  IntervalReporter(List<ScenarioRun> scenarios, RunObserver observer, long originNanos) {
    this.scenarios = scenarios;
    this.observer = observer;
    this.originNanos = originNanos;
    this.previousArrivals = new long[scenarios.size()];
    this.previousDropped = new long[scenarios.size()];
    this.previousStarted = new long[scenarios.size()];
    this.previousTickNanos = originNanos;
  }

  /** Reports the interval from the previous tick to now. */
  void tick() {
    long nowNanos = System.nanoTime();
    List<ScenarioInterval> intervals = new ArrayList<>(scenarios.size());
    for (int i = 0; i < scenarios.size(); i++) {
      intervals.add(scenarioInterval(i, nowNanos));
    }
    IntervalSnapshot snapshot = new IntervalSnapshot(second++, Instant.now(), intervals);
    previousTickNanos = nowNanos;
    deliver(snapshot);
  }

  private ScenarioInterval scenarioInterval(int index, long nowNanos) {
    ScenarioRun scenario = scenarios.get(index);
    ScenarioMetrics metrics = scenario.metrics();
    double intervalSeconds = (nowNanos - previousTickNanos) / NANOS_PER_SECOND;

    // Differences of the counters since the previous tick.
    long started = metrics.started.sum();
    long dropped = metrics.dropped.sum();
    long arrivals = started + dropped;
    long arrivalsDelta = arrivals - previousArrivals[index];
    long droppedDelta = dropped - previousDropped[index];
    long startedDelta = started - previousStarted[index];
    previousArrivals[index] = arrivals;
    previousDropped[index] = dropped;
    previousStarted[index] = started;

    // The ended requests, counted from the same drain as their latencies.
    ScenarioMetrics.IntervalFigures figures = metrics.takeInterval();
    long requests = sum(figures.outcomes());
    long successes = figures.outcomes()[Outcome.SUCCESS.ordinal()];
    ClosedScenarioRun closed = scenario.closed();
    return new ScenarioInterval(
        scenario.name(),
        targetRate(scenario, nowNanos),
        perSecond(arrivalsDelta, intervalSeconds),
        perSecond(startedDelta, intervalSeconds),
        perSecond(requests, intervalSeconds),
        intervalSeconds,
        requests,
        successes,
        requests - successes,
        OutcomeCounters.failuresByKind(figures.outcomes()),
        droppedDelta,
        metrics.inFlight.sum(),
        figures.latency(),
        figures.schedulingLag(),
        stepIntervals(scenario, figures.steps(), intervalSeconds),
        closed == null ? null : closed.activeUsers());
  }

  /** Each step's counts since the previous tick, with its interval latency. */
  private static List<StepInterval> stepIntervals(
      ScenarioRun scenario, List<ScenarioMetrics.StepFigures> steps, double intervalSeconds) {
    List<StepInterval> intervals = new ArrayList<>(steps.size());
    for (int step = 0; step < steps.size(); step++) {
      long[] outcomes = steps.get(step).outcomes();
      long requests = sum(outcomes);
      long successes = outcomes[Outcome.SUCCESS.ordinal()];
      intervals.add(
          new StepInterval(
              scenario.compiled().steps().get(step).name(),
              perSecond(requests, intervalSeconds),
              intervalSeconds,
              requests,
              successes,
              requests - successes,
              OutcomeCounters.failuresByKind(outcomes),
              steps.get(step).latency()));
    }
    return intervals;
  }

  private static long sum(long[] values) {
    long total = 0;
    for (long value : values) {
      total += value;
    }
    return total;
  }

  private static double perSecond(long count, double intervalSeconds) {
    return intervalSeconds > 0 ? count / intervalSeconds : 0;
  }

  /**
   * The interval's target: its planned arrivals per second of schedule time, that is the mean
   * planned rate over the part of [previous tick, now) within the schedule's duration; 0 when no
   * part of it is, or once the scheduler had ended before the interval.
   */
  private double targetRate(ScenarioRun scenario, long nowNanos) {
    if (scenario.scheduleEndedBy(previousTickNanos)) {
      return 0;
    }
    return plannedMeanRatePerSecond(
        scenario.compiled().schedule(), previousTickNanos - originNanos, nowNanos - originNanos);
  }

  /**
   * The mean planned rate of {@code schedule} over [from, to) clipped to [0, its duration), in
   * arrivals per second; 0 when nothing of it is left. Integrated by the midpoint rule over {@link
   * #TARGET_RATE_SAMPLES} slices, which is exact for a constant rate and for a linear ramp.
   */
  static double plannedMeanRatePerSecond(
      ArrivalSchedule schedule, long fromOffsetNanos, long toOffsetNanos) {
    long from = Math.max(0, fromOffsetNanos);
    long to = Math.min(schedule.duration().toNanos(), toOffsetNanos);
    if (to <= from) {
      return 0;
    }
    double sliceNanos = (double) (to - from) / TARGET_RATE_SAMPLES;
    double rateSum = 0;
    for (int slice = 0; slice < TARGET_RATE_SAMPLES; slice++) {
      long midpoint = from + (long) ((slice + 0.5) * sliceNanos);
      rateSum += schedule.plannedRatePerSecond(Duration.ofNanos(midpoint));
    }
    return rateSum / TARGET_RATE_SAMPLES;
  }

  private void deliver(IntervalSnapshot snapshot) {
    try {
      observer.onInterval(snapshot);
    } catch (RuntimeException e) {
      if (!observerFailed) {
        observerFailed = true;
        LOG.warn("The run observer failed on an interval snapshot; later failures go unlogged", e);
      }
    }
  }
}
