package io.loadline.engine;

import java.util.List;
import java.util.Map;

/**
 * The totals of one scenario, so far or final. Immutable. Rates are null over zero elapsed time.
 *
 * @param arrivals intended arrivals that came due (started + dropped)
 * @param dropped arrivals refused because the in-flight cap was reached
 * @param requests requests that ended, over all steps
 * @param interrupted requests still in flight when the graceful stop ran out
 * @param arrivalRatePerSecond arrivals per second of elapsed schedule time
 * @param throughputPerSecond successful requests per second of elapsed time
 * @param latency from the intended start, over all steps
 * @param serviceTime from the actual send, over all steps
 * @param schedulingLag actual start minus intended start: the generator's own health
 * @param checks every check of every step, in plan order
 * @param checkFailures failed checks in total: always the sum of the failures in {@code checks}
 * @param extractionFailures extractions that found nothing and had no default, over all steps
 */
public record ScenarioSummary(
    String name,
    long arrivals,
    long dropped,
    long requests,
    long successes,
    long failures,
    Map<String, Long> failuresByKind,
    long interrupted,
    Double arrivalRatePerSecond,
    Double throughputPerSecond,
    LatencySummary latency,
    LatencySummary serviceTime,
    LatencySummary schedulingLag,
    List<StepSummary> steps,
    List<CheckSummary> checks,
    long checkFailures,
    long extractionFailures) {

  /** A summary without checks or extractions. */
  public ScenarioSummary(
      String name,
      long arrivals,
      long dropped,
      long requests,
      long successes,
      long failures,
      Map<String, Long> failuresByKind,
      long interrupted,
      Double arrivalRatePerSecond,
      Double throughputPerSecond,
      LatencySummary latency,
      LatencySummary serviceTime,
      LatencySummary schedulingLag,
      List<StepSummary> steps) {
    this(
        name,
        arrivals,
        dropped,
        requests,
        successes,
        failures,
        failuresByKind,
        interrupted,
        arrivalRatePerSecond,
        throughputPerSecond,
        latency,
        serviceTime,
        schedulingLag,
        steps,
        List.of(),
        0,
        0);
  }

  /** The check total is derived from the per-check lines, so the two can never disagree. */
  public ScenarioSummary {
    failuresByKind = Map.copyOf(failuresByKind);
    steps = List.copyOf(steps);
    checks = checks == null ? List.of() : List.copyOf(checks);
    checkFailures = checks.stream().mapToLong(CheckSummary::failures).sum();
  }
}
