package io.loadline.engine;

import java.util.List;
import java.util.Map;

/**
 * One scenario's figures for one interval. Immutable.
 *
 * @param targetRatePerSecond the rate model's mean planned rate over the part of the interval
 *     within the schedule's duration, so a full second of a 50/s schedule has 50 even when its tick
 *     comes after the schedule's end; 0 for an interval wholly after the end, and for a closed
 *     model, which plans users, not a rate
 * @param arrivalRatePerSecond arrivals that came due (started + dropped) in this interval, per
 *     second: what the schedule asked for; for a closed model, iterations started per second
 * @param startedPerSecond arrivals that started an iteration in this interval, per second: the
 *     achieved rate, which is below the arrival rate when arrivals are dropped at the in-flight cap
 * @param requestsPerSecond requests (over all steps) that ended in this interval, per second
 * @param intervalSeconds the interval's measured length in seconds (about 1; the last interval of a
 *     run is shorter); 0 in rows stored before it was recorded
 * @param inFlight iterations in flight at the interval's end
 * @param latency interval histogram from the intended start
 * @param schedulingLag the generator's own delay for the arrivals (or closed-model iteration
 *     starts) of this interval
 * @param steps the same figures per step, in the scenario's step order
 * @param activeUsers closed models: users looping at the interval's end; null for open models
 */
public record ScenarioInterval(
    String scenario,
    double targetRatePerSecond,
    double arrivalRatePerSecond,
    double startedPerSecond,
    double requestsPerSecond,
    double intervalSeconds,
    long requests,
    long successes,
    long failures,
    Map<String, Long> failuresByKind,
    long dropped,
    long inFlight,
    LatencySummary latency,
    LatencySummary schedulingLag,
    List<StepInterval> steps,
    Integer activeUsers) {

  public ScenarioInterval {
    failuresByKind = Map.copyOf(failuresByKind);
    schedulingLag = schedulingLag == null ? LatencySummary.EMPTY : schedulingLag;
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  /**
   * A 1 s interval without scheduling lag, per-step figures or users (the first slice's form); the
   * achieved rate is the arrivals less the dropped ones.
   */
  public ScenarioInterval(
      String scenario,
      double targetRatePerSecond,
      double arrivalRatePerSecond,
      long requests,
      long successes,
      long failures,
      Map<String, Long> failuresByKind,
      long dropped,
      long inFlight,
      LatencySummary latency) {
    this(
        scenario,
        targetRatePerSecond,
        arrivalRatePerSecond,
        Math.max(0, arrivalRatePerSecond - dropped),
        requests,
        1.0,
        requests,
        successes,
        failures,
        failuresByKind,
        dropped,
        inFlight,
        latency,
        LatencySummary.EMPTY,
        List.of(),
        null);
  }
}
