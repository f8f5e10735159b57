package io.loadline.engine;

import io.loadline.spi.Outcome;
import java.util.List;
import java.util.Map;

/**
 * The totals of one scenario, so far or final. Immutable. Rates are null over zero elapsed time.
 *
 * <p>Every request the engine hands to the protocol ends exactly one way, so {@code requestsSent =
 * requestsCompleted + requestsFailedBeforeResponse + interrupted} holds in every final summary (a
 * live one may count a request as sent a moment before it shows as in flight).
 *
 * @param arrivals intended arrivals that came due (started + dropped); for a closed model,
 *     iterations started
 * @param dropped arrivals refused because the in-flight cap was reached
 * @param requests requests that ended, over all steps
 * @param interrupted requests still in flight (handed to the protocol, no end recorded) when the
 *     graceful stop ran out; an iteration paused in a think step has no request out and is not
 *     among them (see {@code interruptedIterations})
 * @param arrivalRatePerSecond arrivals per second of elapsed schedule time
 * @param throughputPerSecond successful requests per second of elapsed time
 * @param latency from the intended start, over all steps
 * @param serviceTime from the actual send, over all steps
 * @param schedulingLag actual start minus intended start: the generator's own health
 * @param requestsSent requests the engine handed to the protocol, over all steps
 * @param requestsCompleted requests that ended with a response, success or error status
 * @param requestsFailedBeforeResponse requests that ended without a response (timeout, connect
 *     error, other error)
 * @param usersIterated closed models: distinct users that ended at least one iteration; null for
 *     open models
 * @param checks every check of every step, in plan order
 * @param checkFailures failed checks in total: always the sum of the failures in {@code checks}
 * @param extractionFailures extractions that found nothing and had no default, over all steps
 * @param interruptedIterations iterations still unfinished when the graceful stop ran out, with a
 *     request in flight or paused in a think step; 0 in summaries stored before it existed
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
    long requestsSent,
    long requestsCompleted,
    long requestsFailedBeforeResponse,
    Integer usersIterated,
    List<CheckSummary> checks,
    long checkFailures,
    long extractionFailures,
    long interruptedIterations) {

  /** The check total is derived from the per-check lines, so the two can never disagree. */
  public ScenarioSummary {
    failuresByKind = Map.copyOf(failuresByKind);
    steps = List.copyOf(steps);
    checks = checks == null ? List.of() : List.copyOf(checks);
    checkFailures = checks.stream().mapToLong(CheckSummary::failures).sum();
  }

  /**
   * A summary in the first slice's form, without checks or extractions: requests sent are taken as
   * ended plus interrupted, and those failed before a response are read from the failure kinds.
   */
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
        requests + interrupted,
        requests - failedBeforeResponse(failuresByKind),
        failedBeforeResponse(failuresByKind),
        null,
        List.of(),
        0,
        0,
        0);
  }

  /** Whether a request that ended with {@code outcome} had a response (of any status). */
  public static boolean hadResponse(Outcome outcome) {
    return switch (outcome) {
      case SUCCESS, CLIENT_ERROR, SERVER_ERROR -> true;
      case TIMEOUT, CONNECT_ERROR, OTHER_ERROR -> false;
    };
  }

  private static long failedBeforeResponse(Map<String, Long> failuresByKind) {
    long failed = 0;
    for (Outcome outcome : Outcome.values()) {
      if (!hadResponse(outcome)) {
        failed += failuresByKind.getOrDefault(outcome.label(), 0L);
      }
    }
    return failed;
  }
}
