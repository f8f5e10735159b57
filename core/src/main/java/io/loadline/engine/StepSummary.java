package io.loadline.engine;

import java.util.List;
import java.util.Map;

/**
 * The totals of one step of one scenario. Immutable.
 *
 * @param requests requests that ended (success or failure); never counts interrupted ones
 * @param failuresByKind failures by {@link io.loadline.spi.Outcome#label()}
 * @param latency from the intended start (corrected for coordinated omission)
 * @param serviceTime from the actual send
 * @param checks each check's passes and failures, in plan order
 * @param extractions each extraction's successes, defaults used and failures, in plan order
 * @param failureMessages why requests failed: counts by kind and message, the most frequent first
 *     (see {@link FailureTally} for the bounds)
 */
public record StepSummary(
    String name,
    long requests,
    long successes,
    long failures,
    Map<String, Long> failuresByKind,
    LatencySummary latency,
    LatencySummary serviceTime,
    List<CheckSummary> checks,
    List<ExtractionSummary> extractions,
    List<FailureMessage> failureMessages) {

  /** A step without checks or extractions. */
  public StepSummary(
      String name,
      long requests,
      long successes,
      long failures,
      Map<String, Long> failuresByKind,
      LatencySummary latency,
      LatencySummary serviceTime) {
    this(name, requests, successes, failures, failuresByKind, latency, serviceTime, null, null);
  }

  /** A step whose failure messages were not counted. */
  public StepSummary(
      String name,
      long requests,
      long successes,
      long failures,
      Map<String, Long> failuresByKind,
      LatencySummary latency,
      LatencySummary serviceTime,
      List<CheckSummary> checks,
      List<ExtractionSummary> extractions) {
    this(
        name,
        requests,
        successes,
        failures,
        failuresByKind,
        latency,
        serviceTime,
        checks,
        extractions,
        null);
  }

  public StepSummary {
    failuresByKind = Map.copyOf(failuresByKind);
    // Null when read from a summary stored before checks existed.
    checks = checks == null ? List.of() : List.copyOf(checks);
    extractions = extractions == null ? List.of() : List.copyOf(extractions);
    // Null when read from a summary stored before failure messages were counted.
    failureMessages = failureMessages == null ? List.of() : List.copyOf(failureMessages);
  }
}
