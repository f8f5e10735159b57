package io.loadline.engine;

import io.loadline.plan.Plan;
import io.loadline.plan.PlanValidationException;
import io.loadline.pluginhost.PluginRegistry;
import io.loadline.spi.ConfigProblem;
import java.util.List;
import java.util.Objects;

/**
 * Runs plans: validates them against the plugins, then drives each scenario on an open model
 * (arrivals at planned times) or, when its rate model's schedule is a {@link
 * io.loadline.spi.UserSchedule}, on a closed model (looping virtual users, see {@link
 * ClosedScenarioRun}). One engine serves a whole process; it is thread-safe and holds no per-run
 * state. A run lasts its schedule's planned duration (unless stopped), then gives in-flight
 * requests the graceful stop.
 *
 * <p>The measuring contract: each scenario's rate model gives absolute intended arrival times and
 * one scheduler thread per scenario starts an iteration at each, late or not, so a slow target
 * never slows the arrivals; beyond the in-flight cap an arrival is dropped and counted. Corrected
 * latency runs from the intended start (the arrival for step 1, the previous step's end for the
 * next ones) to the end; service time from the protocol's send to the end. Both go to HdrHistogram
 * recorders in microseconds, without HdrHistogram's own coordinated-omission correction, since the
 * intended start already accounts for it. Failed requests count in latency too. See {@link
 * LatencyStatistics} for how figures are computed.
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
    PlanCompiler compiler = new PlanCompiler(plugins, settings);
    CompiledPlan compiled = compiler.compile(plan);
    if (compiled == null) {
      throw new PlanValidationException(compiler.problems());
    }
    return compiled;
  }

  /**
   * Every problem {@link #compile} would report, without throwing; empty when the plan is valid.
   * Releases whatever the check built.
   */
  public List<ConfigProblem> check(Plan plan) {
    PlanCompiler compiler = new PlanCompiler(plugins, settings);
    CompiledPlan compiled = compiler.compile(plan);
    if (compiled != null) {
      compiled.close();
    }
    return compiler.problems();
  }

  /** Checks the plan as {@link #compile} does and releases what that built. */
  public void validate(Plan plan) {
    try (CompiledPlan compiled = compile(plan)) {
      // Only the checks were wanted.
    }
  }

  /**
   * Starts the run and returns at once; the returned test owns {@code plan} and closes it when the
   * run ends. A protocol that fails to start ends the run in {@link EndReason#ERROR}, reported
   * through {@link RunningTest#completion()}, not thrown.
   *
   * @throws IllegalStateException when {@code plan} was already started or closed
   */
  public RunningTest start(CompiledPlan plan, RunObserver observer) {
    Objects.requireNonNull(plan, "plan");
    plan.transferOwnership();
    EngineRun run = new EngineRun(plan, observer == null ? RunObserver.NONE : observer);
    run.launch();
    return run;
  }
}
