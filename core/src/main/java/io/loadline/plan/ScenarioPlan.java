package io.loadline.plan;

import java.util.List;
import java.util.Objects;

/**
 * One scenario of a plan: a load model, a protocol, an optional feeder and the steps every
 * iteration runs in order. Immutable.
 *
 * @param name unique within the plan
 * @param path the field path of this scenario, such as {@code scenarios[0]}
 * @param load the rate model and its settings
 * @param protocol the protocol and its run-level settings ({@code http} when the plan names none)
 * @param feeder the feeder and its settings, or null
 * @param steps at least one step
 * @param variables variables every iteration starts with (before the feeder record), in order
 * @param flow the order the steps run in: groups, conditions and choices over {@code steps}; a
 *     plain sequence of every step when the scenario has no compound step
 * @param weight this scenario's share of the plan-level {@code load} (whose ref {@code load} then
 *     is), or null when the scenario has its own load
 * @param seed the seed of the scenario's random draws ({@code choose} branches, think-time pauses,
 *     template functions such as {@code randomInt}), so that iteration N draws the same in every
 *     run; null to draw unseeded
 */
public record ScenarioPlan(
    String name,
    String path,
    PluginRef load,
    PluginRef protocol,
    PluginRef feeder,
    List<StepPlan> steps,
    java.util.Map<String, String> variables,
    List<FlowNode> flow,
    Integer weight,
    Long seed) {

  /** A scenario of plain sequential steps with its own load. */
  public ScenarioPlan(
      String name,
      String path,
      PluginRef load,
      PluginRef protocol,
      PluginRef feeder,
      List<StepPlan> steps,
      java.util.Map<String, String> variables) {
    this(name, path, load, protocol, feeder, steps, variables, null, null, null);
  }

  /** A scenario without declared variables. */
  public ScenarioPlan(
      String name,
      String path,
      PluginRef load,
      PluginRef protocol,
      PluginRef feeder,
      List<StepPlan> steps) {
    this(name, path, load, protocol, feeder, steps, java.util.Map.of());
  }

  public ScenarioPlan {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(protocol, "protocol");
    steps = List.copyOf(steps);
    flow = flow == null ? FlowNode.sequence(steps.size()) : List.copyOf(flow);
    variables =
        variables == null
            ? java.util.Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
  }

  /** Whether this scenario takes a weighted share of the plan-level load. */
  public boolean sharesPlanLoad() {
    return weight != null;
  }
}
