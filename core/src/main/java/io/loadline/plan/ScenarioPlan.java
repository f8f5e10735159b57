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
 */
public record ScenarioPlan(
    String name,
    String path,
    PluginRef load,
    PluginRef protocol,
    PluginRef feeder,
    List<StepPlan> steps,
    java.util.Map<String, String> variables) {

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
    variables =
        variables == null
            ? java.util.Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
  }
}
