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
    List<ExtractionSummary> extractions) {

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

  public StepSummary {
    failuresByKind = Map.copyOf(failuresByKind);
    // Null when read from a summary stored before checks existed.
    checks = checks == null ? List.of() : List.copyOf(checks);
    extractions = extractions == null ? List.of() : List.copyOf(extractions);
  }
}
