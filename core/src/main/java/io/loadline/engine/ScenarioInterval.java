package io.loadline.engine;

import java.util.Map;

/**
 * One scenario's figures for one interval. Immutable.
 *
 * @param targetRatePerSecond the rate model's planned rate at the interval's end
 * @param arrivalRatePerSecond arrivals (started + dropped) in this interval, per second
 * @param inFlight iterations in flight at the interval's end
 * @param latency interval histogram from the intended start
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
    LatencySummary latency) {

  public ScenarioInterval {
    failuresByKind = Map.copyOf(failuresByKind);
  }
}
