package io.loadline.engine;

import io.loadline.engine.metrics.LatencyHistograms;
import io.loadline.engine.metrics.LatencyMetric;
import io.loadline.engine.metrics.OutcomeCounters;
import io.loadline.spi.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The figures of one scenario of one run: counters, and per step an outcome count and two latency
 * histograms (corrected latency and service time). Scenario-wide latencies are merged from the
 * steps' histograms when read, so a request is recorded once.
 *
 * <p>Thread-safety: the record methods are lock-free and called from any thread (the scheduling lag
 * only from the scheduler thread); the read methods take this object's lock, since they drain the
 * recorders into the cumulative and interval histograms.
 */
final class ScenarioMetrics {

  /** Arrivals that started an iteration. */
  final LongAdder started = new LongAdder();

  /** Arrivals refused because the in-flight cap was reached. */
  final LongAdder dropped = new LongAdder();

  /** Iterations started and not yet ended. */
  final LongAdder inFlight = new LongAdder();

  private final List<StepMetrics> steps = new ArrayList<>();
  private final SingleWriterRecorder schedulingLag = LatencyHistograms.newSingleWriterRecorder();
  private final Histogram schedulingLagCumulative = LatencyHistograms.newHistogram();
  private final Histogram intervalLatency = LatencyHistograms.newHistogram();
  private final Histogram scratch = LatencyHistograms.newHistogram();
  private volatile long interrupted;

  ScenarioMetrics(List<String> stepNames) {
    this(stepNames, stepNames.stream().map(name -> StepRules.NONE.newCounters()).toList());
  }

  /** Figures for the named steps, with each step's check and extraction counters. */
  ScenarioMetrics(List<String> stepNames, List<RuleCounters> ruleCounters) {
    for (int i = 0; i < stepNames.size(); i++) {
      steps.add(new StepMetrics(stepNames.get(i), ruleCounters.get(i)));
    }
  }

  /** The check and extraction counters of step {@code stepIndex}. */
  RuleCounters rules(int stepIndex) {
    return steps.get(stepIndex).rules;
  }

  /** Records the scheduler's delay for one arrival; from the scheduler thread only. */
  void recordSchedulingLag(long lagNanos) {
    schedulingLag.recordValue(LatencyHistograms.toRecordedMicros(lagNanos));
  }

  /**
   * Records one ended request of step {@code stepIndex}.
   *
   * @param serviceTimeNanos from the send to the end, or negative when it was never sent
   */
  void recordRequest(int stepIndex, Outcome outcome, long latencyNanos, long serviceTimeNanos) {
    StepMetrics step = steps.get(stepIndex);
    step.outcomes.record(outcome);
    step.latency.recordNanos(latencyNanos);
    if (serviceTimeNanos >= 0) {
      step.serviceTime.recordNanos(serviceTimeNanos);
    }
  }

  /** Notes how many iterations were abandoned when the graceful stop ran out. */
  void markInterrupted(long count) {
    interrupted = count;
  }

  long interrupted() {
    return interrupted;
  }

  /** Arrivals that came due: started plus dropped. */
  long arrivals() {
    return started.sum() + dropped.sum();
  }

  /** Ended requests by outcome over all steps, indexed by {@link Outcome#ordinal()}. */
  long[] outcomeTotals() {
    long[] totals = new long[OutcomeCounters.outcomeCount()];
    for (StepMetrics step : steps) {
      step.outcomes.addTo(totals);
    }
    return totals;
  }

  /** The latency of every request that ended since the last call, over all steps. */
  synchronized LatencySummary takeIntervalLatency() {
    drain();
    LatencySummary summary = LatencyStatistics.summarize(intervalLatency);
    intervalLatency.reset();
    return summary;
  }

  /** The scenario's totals so far. */
  synchronized ScenarioSummary summary(
      String name, double elapsedSeconds, double scheduleElapsedSeconds) {
    drain();
    long[] totals = outcomeTotals();
    long successes = totals[Outcome.SUCCESS.ordinal()];
    long requests = sum(totals);
    long arrivals = arrivals();
    List<StepSummary> stepSummaries = steps.stream().map(StepMetrics::summary).toList();
    return new ScenarioSummary(
        name,
        arrivals,
        dropped.sum(),
        requests,
        successes,
        requests - successes,
        OutcomeCounters.failuresByKind(totals),
        interrupted,
        perSecond(arrivals, scheduleElapsedSeconds),
        perSecond(successes, elapsedSeconds),
        mergedSummary(true),
        mergedSummary(false),
        LatencyStatistics.summarize(schedulingLagCumulative),
        stepSummaries,
        stepSummaries.stream().flatMap(step -> step.checks().stream()).toList(),
        0,
        stepSummaries.stream()
            .flatMap(step -> step.extractions().stream())
            .mapToLong(ExtractionSummary::failures)
            .sum());
  }

  /** A count per second, or null over no time (never NaN or infinite). */
  static Double perSecond(long count, double seconds) {
    return seconds > 0 ? count / seconds : null;
  }

  private LatencySummary mergedSummary(boolean latency) {
    scratch.reset();
    for (StepMetrics step : steps) {
      scratch.add((latency ? step.latency : step.serviceTime).cumulative());
    }
    return LatencyStatistics.summarize(scratch);
  }

  private void drain() {
    for (StepMetrics step : steps) {
      step.latency.drainInto(scratch, intervalLatency);
      step.serviceTime.drainInto(scratch, null);
    }
    schedulingLag.getIntervalHistogramInto(scratch);
    schedulingLagCumulative.add(scratch);
  }

  private static long sum(long[] values) {
    long total = 0;
    for (long value : values) {
      total += value;
    }
    return total;
  }

  /** One step's figures. */
  private static final class StepMetrics {
    private final String name;
    private final OutcomeCounters outcomes = new OutcomeCounters();
    private final LatencyMetric latency = new LatencyMetric();
    private final LatencyMetric serviceTime = new LatencyMetric();
    private final RuleCounters rules;

    StepMetrics(String name, RuleCounters rules) {
      this.name = name;
      this.rules = rules;
    }

    /** Called under the scenario's lock, after a drain. */
    StepSummary summary() {
      long[] totals = new long[OutcomeCounters.outcomeCount()];
      outcomes.addTo(totals);
      long successes = totals[Outcome.SUCCESS.ordinal()];
      long requests = sum(totals);
      return new StepSummary(
          name,
          requests,
          successes,
          requests - successes,
          OutcomeCounters.failuresByKind(totals),
          LatencyStatistics.summarize(latency.cumulative()),
          LatencyStatistics.summarize(serviceTime.cumulative()),
          rules.checks(),
          rules.extractions());
    }
  }
}
