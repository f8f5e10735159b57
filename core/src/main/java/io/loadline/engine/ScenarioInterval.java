package io.loadline.engine;

import java.util.List;
import java.util.Map;

/**
 * One scenario's figures for one interval. Immutable.
 *
 * @param targetRatePerSecond the rate model's planned rate at the interval's end (0 for a closed
 *     model, which plans users, not a rate)
 * @param arrivalRatePerSecond arrivals (started + dropped) in this interval, per second; for a
 *     closed model, iterations started per second
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

  /** An interval without scheduling lag, per-step figures or users (the first slice's form). */
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
