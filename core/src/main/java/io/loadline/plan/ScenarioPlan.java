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
 */
public record ScenarioPlan(
    String name,
    String path,
    PluginRef load,
    PluginRef protocol,
    PluginRef feeder,
    List<StepPlan> steps) {

  public ScenarioPlan {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(protocol, "protocol");
    steps = List.copyOf(steps);
  }
}
