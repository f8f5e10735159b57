package io.loadline.engine;

import io.loadline.engine.metrics.LatencyHistograms;
import io.loadline.engine.metrics.LatencyMetric;
import io.loadline.engine.metrics.OutcomeCounters;
import io.loadline.spi.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The figures of one scenario of one run: counters, and per step an outcome count and two latency
 * histograms (corrected latency and service time). Scenario-wide latencies are merged from the
 * steps' histograms when read, so a request is recorded once.
 *
 * <p>Thread-safety: the record methods are lock-free and called from any thread (the scheduling lag
 * only from one thread: the scheduler's, or a closed model's user thread); the read methods take
 * this object's lock, since they drain the recorders into the cumulative and interval histograms.
 */
final class ScenarioMetrics {

  /** Arrivals that started an iteration. */
  final LongAdder started = new LongAdder();

  /** Arrivals refused because the in-flight cap was reached. */
  final LongAdder dropped = new LongAdder();

  /** Iterations started and not yet ended. */
  final LongAdder inFlight = new LongAdder();

  /** Requests handed to the protocol, over all steps. */
  final LongAdder requestsSent = new LongAdder();

  /**
   * Requests handed to the protocol whose end is not recorded yet. Unlike {@link #inFlight}, an
   * iteration paused in a think step has none, so this is what an abandonment interrupts.
   */
  final LongAdder requestsInFlight = new LongAdder();

  private final List<StepMetrics> steps = new ArrayList<>();
  // Many writers: closed-model users restart on whichever thread ended their last iteration.
  private final Recorder schedulingLag = LatencyHistograms.newRecorder();
  private final Histogram schedulingLagCumulative = LatencyHistograms.newHistogram();
  private final Histogram schedulingLagInterval = LatencyHistograms.newHistogram();
  private final Histogram intervalLatency = LatencyHistograms.newHistogram();
  private final Histogram scratch = LatencyHistograms.newHistogram();
  private final LongAdder requestsAbandoned = new LongAdder();
  private final LongAdder iterationsAbandoned = new LongAdder();
  private volatile long interruptedRequestsAtEnd;
  private volatile long interruptedIterationsAtEnd;

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

  /** Records how late one iteration started; from any thread. */
  void recordSchedulingLag(long lagNanos) {
    schedulingLag.recordValue(LatencyHistograms.toRecordedMicros(lagNanos));
  }

  /** Counts one request handed to the protocol: sent, and in flight until it is recorded. */
  void recordSent() {
    requestsSent.increment();
    requestsInFlight.increment();
  }

  /** Takes back a request counted as sent that its abandoned iteration never handed over. */
  void unrecordSent() {
    requestsInFlight.decrement();
    requestsSent.decrement();
  }

  /**
   * Counts an iteration abandoned before the run's end (on a ramp-down), and its request in flight
   * as interrupted when it had one.
   */
  void recordAbandoned(boolean requestInFlight) {
    iterationsAbandoned.increment();
    if (requestInFlight) {
      requestsInFlight.decrement();
      requestsAbandoned.increment();
    }
  }

  /**
   * Records one ended request of step {@code stepIndex}, which is then no longer in flight.
   *
   * @param serviceTimeNanos from the send to the end, or negative when it was never sent
   */
  void recordRequest(int stepIndex, Outcome outcome, long latencyNanos, long serviceTimeNanos) {
    requestsInFlight.decrement();
    StepMetrics step = steps.get(stepIndex);
    step.outcomes.record(outcome);
    step.latency.recordNanos(latencyNanos);
    if (serviceTimeNanos >= 0) {
      step.serviceTime.recordNanos(serviceTimeNanos);
    }
  }

  /**
   * Counts what is still in flight as interrupted, once the graceful stop ran out and no request
   * end can be recorded any more: the requests without a recorded end, and apart from them the
   * unfinished iterations (which include those paused in a think step, with no request out).
   */
  void markInterrupted() {
    interruptedRequestsAtEnd = requestsInFlight.sum();
    interruptedIterationsAtEnd = inFlight.sum();
  }

  /**
   * Requests interrupted so far: those of iterations abandoned on a ramp-down, and once the run has
   * abandoned what was in flight at its end, those too.
   */
  long interrupted() {
    return requestsAbandoned.sum() + interruptedRequestsAtEnd;
  }

  /** Iterations left unfinished so far, counted like {@link #interrupted()}. */
  long interruptedIterations() {
    return iterationsAbandoned.sum() + interruptedIterationsAtEnd;
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

  /** Ended requests by outcome, per step, each indexed by {@link Outcome#ordinal()}. */
  long[][] stepOutcomeTotals() {
    long[][] totals = new long[steps.size()][OutcomeCounters.outcomeCount()];
    for (int i = 0; i < steps.size(); i++) {
      steps.get(i).outcomes.addTo(totals[i]);
    }
    return totals;
  }

  /** The latencies and scheduling lag of what happened since the last call. */
  synchronized IntervalLatencies takeIntervalLatencies() {
    drain();
    List<LatencySummary> stepLatencies = new ArrayList<>(steps.size());
    for (StepMetrics step : steps) {
      stepLatencies.add(LatencyStatistics.summarize(step.intervalLatency));
      step.intervalLatency.reset();
    }
    IntervalLatencies taken =
        new IntervalLatencies(
            LatencyStatistics.summarize(intervalLatency),
            stepLatencies,
            LatencyStatistics.summarize(schedulingLagInterval));
    intervalLatency.reset();
    schedulingLagInterval.reset();
    return taken;
  }

  /** One interval's latency over all steps, per step, and the interval's scheduling lag. */
  record IntervalLatencies(
      LatencySummary latency, List<LatencySummary> stepLatencies, LatencySummary schedulingLag) {}

  /**
   * The scenario's totals so far.
   *
   * @param usersIterated closed models: users that ended an iteration; null for open models
   */
  synchronized ScenarioSummary summary(
      String name, double elapsedSeconds, double scheduleElapsedSeconds, Integer usersIterated) {
    drain();
    long[] totals = new long[OutcomeCounters.outcomeCount()];
    List<StepSummary> stepSummaries = new ArrayList<>(steps.size());
    for (StepMetrics step : steps) {
      long[] stepTotals = new long[OutcomeCounters.outcomeCount()];
      step.outcomes.addTo(stepTotals);
      stepSummaries.add(step.summary(stepTotals));
      for (int outcome = 0; outcome < totals.length; outcome++) {
        totals[outcome] += stepTotals[outcome];
      }
    }
    long withResponse = 0;
    for (Outcome outcome : Outcome.values()) {
      withResponse += ScenarioSummary.hadResponse(outcome) ? totals[outcome.ordinal()] : 0;
    }
    long successes = totals[Outcome.SUCCESS.ordinal()];
    long requests = sum(totals);
    long arrivals = arrivals();
    return new ScenarioSummary(
        name,
        arrivals,
        dropped.sum(),
        requests,
        successes,
        requests - successes,
        OutcomeCounters.failuresByKind(totals),
        interrupted(),
        perSecond(arrivals, scheduleElapsedSeconds),
        perSecond(successes, elapsedSeconds),
        mergedSummary(true),
        mergedSummary(false),
        LatencyStatistics.summarize(schedulingLagCumulative),
        stepSummaries,
        requestsSent.sum(),
        withResponse,
        requests - withResponse,
        usersIterated,
        stepSummaries.stream().flatMap(step -> step.checks().stream()).toList(),
        0,
        stepSummaries.stream()
            .flatMap(step -> step.extractions().stream())
            .mapToLong(ExtractionSummary::failures)
            .sum(),
        interruptedIterations());
  }

  /** Copies of each step's cumulative histograms so far. */
  synchronized RunHistograms.ScenarioHistograms histograms(String name) {
    drain();
    List<RunHistograms.StepHistograms> copies = new ArrayList<>(steps.size());
    for (StepMetrics step : steps) {
      copies.add(
          new RunHistograms.StepHistograms(
              step.name, step.latency.cumulative().copy(), step.serviceTime.cumulative().copy()));
    }
    return new RunHistograms.ScenarioHistograms(name, copies);
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
      step.latency.drainInto(scratch, step.intervalLatency);
      intervalLatency.add(scratch);
      step.serviceTime.drainInto(scratch, null);
    }
    schedulingLag.getIntervalHistogramInto(scratch);
    schedulingLagCumulative.add(scratch);
    schedulingLagInterval.add(scratch);
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
    private final Histogram intervalLatency = LatencyHistograms.newHistogram();
    private final RuleCounters rules;

    StepMetrics(String name, RuleCounters rules) {
      this.name = name;
      this.rules = rules;
    }

    /** Called under the scenario's lock, after a drain. */
    StepSummary summary(long[] totals) {
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
