package io.loadline.engine;

import io.loadline.engine.metrics.LatencyHistograms;
import io.loadline.engine.metrics.LatencyMetric;
import io.loadline.engine.metrics.OutcomeCounters;
import io.loadline.engine.metrics.RequestRecorder;
import io.loadline.spi.Outcome;
import io.loadline.spi.StepResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The figures of one scenario of one run: counters, and per step an outcome count and two latency
 * histograms (corrected latency and service time). Scenario-wide latencies are merged from the
 * steps' histograms when read, so a request is recorded once. A request's outcome and corrected
 * latency go into one {@link RequestRecorder}, so every drain (and so every interval) holds as many
 * latencies as requests, per step and over the scenario.
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
  private final RequestRecorder requests;
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
    this.requests = new RequestRecorder(stepNames.size());
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
    requests.record(stepIndex, outcome, latencyNanos);
    if (serviceTimeNanos >= 0) {
      steps.get(stepIndex).serviceTime.recordNanos(serviceTimeNanos);
    }
  }

  /** Counts why a request of step {@code stepIndex} failed; called for failures only. */
  void recordFailure(int stepIndex, StepResult result) {
    steps.get(stepIndex).failureMessages.record(result);
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

  /**
   * The figures of what happened since the last call: the ended requests by outcome with their
   * latencies, over the scenario and per step, and the scheduling lag. The counts come from the
   * same drains as the histograms, so each count equals its histogram's.
   */
  synchronized IntervalFigures takeInterval() {
    drain();
    long[] outcomes = new long[OutcomeCounters.outcomeCount()];
    List<StepFigures> stepFigures = new ArrayList<>(steps.size());
    for (StepMetrics step : steps) {
      stepFigures.add(
          new StepFigures(
              step.intervalOutcomes.clone(), LatencyStatistics.summarize(step.intervalLatency)));
      addTo(outcomes, step.intervalOutcomes);
      Arrays.fill(step.intervalOutcomes, 0);
      step.intervalLatency.reset();
    }
    IntervalFigures taken =
        new IntervalFigures(
            outcomes,
            LatencyStatistics.summarize(intervalLatency),
            stepFigures,
            LatencyStatistics.summarize(schedulingLagInterval));
    intervalLatency.reset();
    schedulingLagInterval.reset();
    return taken;
  }

  /**
   * One interval's figures.
   *
   * @param outcomes ended requests by {@link Outcome#ordinal()} over all steps
   * @param latency their corrected latency, over all steps
   * @param steps the same per step, in step order
   * @param schedulingLag the interval's scheduling lag
   */
  record IntervalFigures(
      long[] outcomes,
      LatencySummary latency,
      List<StepFigures> steps,
      LatencySummary schedulingLag) {}

  /** One step's ended requests in an interval, by {@link Outcome#ordinal()}, and their latency. */
  record StepFigures(long[] outcomes, LatencySummary latency) {}

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
      stepSummaries.add(step.summary(step.outcomes));
      addTo(totals, step.outcomes);
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
              step.name, step.latency.copy(), step.serviceTime.cumulative().copy()));
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
      scratch.add(latency ? step.latency : step.serviceTime.cumulative());
    }
    return LatencyStatistics.summarize(scratch);
  }

  private void drain() {
    requests.drain(
        (stepIndex, outcomes, latency) -> {
          StepMetrics step = steps.get(stepIndex);
          addTo(step.outcomes, outcomes);
          addTo(step.intervalOutcomes, outcomes);
          step.latency.add(latency);
          step.intervalLatency.add(latency);
          intervalLatency.add(latency);
        });
    for (StepMetrics step : steps) {
      step.serviceTime.drainInto(scratch, null);
    }
    schedulingLag.getIntervalHistogramInto(scratch);
    schedulingLagCumulative.add(scratch);
    schedulingLagInterval.add(scratch);
  }

  private static void addTo(long[] totals, long[] values) {
    for (int i = 0; i < totals.length; i++) {
      totals[i] += values[i];
    }
  }

  private static long sum(long[] values) {
    long total = 0;
    for (long value : values) {
      total += value;
    }
    return total;
  }

  /**
   * One step's figures as of the last drain: cumulative, and since the last interval was taken.
   * Guarded by the scenario's lock, but for the service time's recorder.
   */
  private static final class StepMetrics {
    private final String name;
    private final long[] outcomes = new long[OutcomeCounters.outcomeCount()];
    private final long[] intervalOutcomes = new long[OutcomeCounters.outcomeCount()];
    private final Histogram latency = LatencyHistograms.newHistogram();
    private final LatencyMetric serviceTime = new LatencyMetric();
    private final Histogram intervalLatency = LatencyHistograms.newHistogram();
    private final RuleCounters rules;
    private final FailureTally failureMessages = new FailureTally();

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
          LatencyStatistics.summarize(latency),
          LatencyStatistics.summarize(serviceTime.cumulative()),
          rules.checks(),
          rules.extractions(),
          failureMessages.snapshot());
    }
  }
}
