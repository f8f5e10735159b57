package io.loadline.engine;

import java.util.Map;

/**
 * One step's figures for one interval of a run. Immutable.
 *
 * @param step the step's name
 * @param requestsPerSecond requests of this step that ended in the interval, per second (a step's
 *     starts are not counted apart: its achieved rate is the rate of its ended requests)
 * @param intervalSeconds the interval's measured length in seconds; 0 in rows stored before it was
 *     recorded
 * @param requests requests of this step that ended in the interval
 * @param failuresByKind failures by {@link io.loadline.spi.Outcome#label()}
 * @param latency interval histogram from the intended start (corrected)
 */
public record StepInterval(
    String step,
    double requestsPerSecond,
    double intervalSeconds,
    long requests,
    long successes,
    long failures,
    Map<String, Long> failuresByKind,
    LatencySummary latency) {

  public StepInterval {
    failuresByKind = Map.copyOf(failuresByKind);
  }
}
