package io.loadline.engine;

import java.util.Map;

/**
 * One step's figures for one interval of a run. Immutable.
 *
 * @param step the step's name
 * @param requests requests of this step that ended in the interval
 * @param failuresByKind failures by {@link io.loadline.spi.Outcome#label()}
 * @param latency interval histogram from the intended start (corrected)
 */
public record StepInterval(
    String step,
    long requests,
    long successes,
    long failures,
    Map<String, Long> failuresByKind,
    LatencySummary latency) {

  public StepInterval {
    failuresByKind = Map.copyOf(failuresByKind);
  }
}
