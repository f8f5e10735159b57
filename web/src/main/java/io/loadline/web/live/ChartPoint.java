package io.loadline.web.live;

import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.ScenarioInterval;
import java.util.Map;
import java.util.TreeMap;

/**
 * One second of a run as the live charts draw it: the plan's scenarios added up. Rates and counts
 * are sums over scenarios; latency percentiles are the worst scenario's, because percentiles of
 * different histograms cannot be added (the per-scenario figures are in the run's table).
 * Immutable.
 *
 * @param second the interval's index from the run's start
 * @param targetRatePerSecond the rate models' planned arrivals per second
 * @param startedPerSecond arrivals that started an iteration, per second: the achieved rate, below
 *     the target when arrivals are dropped at the in-flight cap
 * @param requestsPerSecond requests that ended in this interval, over all steps, per second
 * @param p50Millis worst scenario's median latency from the intended start, or null
 * @param failuresByKind failures in this second by kind, such as {@code server_error}
 * @param inFlight iterations in flight at the end of the second
 * @param dropped arrivals dropped in this second because the in-flight cap was reached
 */
public record ChartPoint(
    long second,
    double targetRatePerSecond,
    double startedPerSecond,
    double requestsPerSecond,
    Double p50Millis,
    Double p95Millis,
    Double p99Millis,
    Map<String, Long> failuresByKind,
    long inFlight,
    long dropped) {

  public ChartPoint {
    failuresByKind = Map.copyOf(failuresByKind);
  }

  /** The point of one interval snapshot. */
  public static ChartPoint of(IntervalSnapshot snapshot) {
    double target = 0;
    double started = 0;
    double requests = 0;
    long inFlight = 0;
    long dropped = 0;
    Double p50 = null;
    Double p95 = null;
    Double p99 = null;
    Map<String, Long> failures = new TreeMap<>();
    for (ScenarioInterval scenario : snapshot.scenarios()) {
      target += scenario.targetRatePerSecond();
      started += scenario.startedPerSecond();
      requests += scenario.requestsPerSecond();
      inFlight += scenario.inFlight();
      dropped += scenario.dropped();
      p50 = worst(p50, scenario.latency().p50Millis());
      p95 = worst(p95, scenario.latency().p95Millis());
      p99 = worst(p99, scenario.latency().p99Millis());
      scenario.failuresByKind().forEach((kind, count) -> failures.merge(kind, count, Long::sum));
    }
    return new ChartPoint(
        snapshot.second(), target, started, requests, p50, p95, p99, failures, inFlight, dropped);
  }

  private static Double worst(Double sofar, Double candidate) {
    if (candidate == null) {
      return sofar;
    }
    return sofar == null ? candidate : Math.max(sofar, candidate);
  }
}
