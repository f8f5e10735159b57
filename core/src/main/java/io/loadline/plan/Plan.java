package io.loadline.plan;

import io.loadline.threshold.Threshold;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A load test as the user wrote it, parsed but not yet checked against the plugins. Immutable.
 *
 * @param name a name for people; not unique
 * @param timeout the per-request timeout for every step that does not set its own, or null to use
 *     the server's configured default (30 s when nothing is configured)
 * @param maxInFlight the cap on in-flight iterations per scenario, or null for the configured
 *     default; arrivals beyond it are dropped and counted
 * @param gracefulStop how long in-flight requests may finish after the schedule ends or a stop, or
 *     null for the configured default
 * @param scenarios at least one scenario
 * @param thresholds the plan's service-level rules, checked live and at the end; may be empty
 * @param load the arrival stream shared by weight among the scenarios without their own load, or
 *     null when every scenario has its own
 */
public record Plan(
    String name,
    Duration timeout,
    Integer maxInFlight,
    Duration gracefulStop,
    List<ScenarioPlan> scenarios,
    List<Threshold> thresholds,
    PluginRef load) {

  /** A plan whose scenarios each have their own load. */
  public Plan(
      String name,
      Duration timeout,
      Integer maxInFlight,
      Duration gracefulStop,
      List<ScenarioPlan> scenarios,
      List<Threshold> thresholds) {
    this(name, timeout, maxInFlight, gracefulStop, scenarios, thresholds, null);
  }

  public Plan {
    Objects.requireNonNull(name, "name");
    scenarios = List.copyOf(scenarios);
    thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
  }

  /** A plan without thresholds. */
  public Plan(
      String name,
      Duration timeout,
      Integer maxInFlight,
      Duration gracefulStop,
      List<ScenarioPlan> scenarios) {
    this(name, timeout, maxInFlight, gracefulStop, scenarios, List.of());
  }
}
