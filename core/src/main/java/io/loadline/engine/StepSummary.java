package io.loadline.engine;

import java.util.Map;

/**
 * The totals of one step of one scenario. Immutable.
 *
 * @param requests requests that ended (success or failure); never counts interrupted ones
 * @param failuresByKind failures by {@link io.loadline.spi.Outcome#label()}
 * @param latency from the intended start (corrected for coordinated omission)
 * @param serviceTime from the actual send
 */
public record StepSummary(
    String name,
    long requests,
    long successes,
    long failures,
    Map<String, Long> failuresByKind,
    LatencySummary latency,
    LatencySummary serviceTime) {

  public StepSummary {
    failuresByKind = Map.copyOf(failuresByKind);
  }
}
