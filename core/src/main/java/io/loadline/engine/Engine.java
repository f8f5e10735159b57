package io.loadline.engine;

import io.loadline.plan.Plan;
import io.loadline.plan.PlanValidationException;
import io.loadline.pluginhost.PluginRegistry;
import io.loadline.spi.ConfigProblem;
import java.util.List;

/**
 * Runs plans: validates them against the plugins, then drives their scenarios on an open model. One
 * engine serves a whole process; it is thread-safe and holds no per-run state.
 */
public final class Engine {

  private final PluginRegistry plugins;
  private final EngineSettings settings;

  public Engine(PluginRegistry plugins, EngineSettings settings) {
    this.plugins = plugins;
    this.settings = settings;
  }

  public PluginRegistry plugins() {
    return plugins;
  }

  public EngineSettings settings() {
    return settings;
  }

  /**
   * Checks every plugin reference and setting of the plan and builds the runtime objects (not yet
   * started). The caller owns the result and must start it or close it.
   *
   * @throws PlanValidationException with every problem, each with its field path
   */
  public CompiledPlan compile(Plan plan) {
    throw new UnsupportedOperationException("skeleton: the engine is being built");
  }

  /**
   * Every problem {@link #compile} would report, without throwing; empty when the plan is valid.
   * Releases whatever the check built.
   */
  public List<ConfigProblem> check(Plan plan) {
    throw new UnsupportedOperationException("skeleton: the engine is being built");
  }

  /** Checks the plan as {@link #compile} does and releases what that built. */
  public void validate(Plan plan) {
    try (CompiledPlan compiled = compile(plan)) {
      // Only the checks were wanted.
    }
  }

  /** Starts the run; the returned test owns {@code plan} and closes it when the run ends. */
  public RunningTest start(CompiledPlan plan, RunObserver observer) {
    throw new UnsupportedOperationException("skeleton: the engine is being built");
  }
}
