package io.loadline.engine;

import io.loadline.plan.Plan;
import io.loadline.spi.Feeder;
import io.loadline.spi.Protocol;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plan checked against its plugins, holding their runtime objects (schedules, protocols not yet
 * started, feeders) and its resolved limits. Made by {@link Engine#compile}; owned by whoever holds
 * it until {@link Engine#start} takes it over, after which {@link #close()} does nothing. Not
 * thread-safe.
 */
public final class CompiledPlan implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CompiledPlan.class);

  private final Plan plan;
  private final List<CompiledScenario> scenarios;
  private final List<Protocol> protocols;
  private final Duration timeout;
  private final int maxInFlight;
  private final Duration gracefulStop;
  private final TargetGuard targetGuard;
  private boolean owned = true;

  CompiledPlan(
      Plan plan,
      List<CompiledScenario> scenarios,
      List<Protocol> protocols,
      Duration timeout,
      int maxInFlight,
      Duration gracefulStop,
      TargetGuard targetGuard) {
    this.plan = plan;
    this.scenarios = List.copyOf(scenarios);
    this.protocols = List.copyOf(protocols);
    this.timeout = timeout;
    this.maxInFlight = maxInFlight;
    this.gracefulStop = gracefulStop;
    this.targetGuard = targetGuard;
  }

  public Plan plan() {
    return plan;
  }

  /** The per-request timeout of steps that set none: the plan's, else the engine default. */
  public Duration timeout() {
    return timeout;
  }

  /** The cap on in-flight iterations per scenario: the plan's, else the engine default. */
  public int maxInFlight() {
    return maxInFlight;
  }

  /** How long in-flight requests may finish after the end or a stop. */
  public Duration gracefulStop() {
    return gracefulStop;
  }

  /** Where the run may send requests the plan did not name; see {@link TargetGuard}. */
  TargetGuard targetGuard() {
    return targetGuard;
  }

  List<CompiledScenario> scenarios() {
    return scenarios;
  }

  /** The distinct protocols of the plan, each once even when scenarios share it. */
  List<Protocol> protocols() {
    return protocols;
  }

  /**
   * Hands the runtime objects over to a run, which then closes them.
   *
   * @throws IllegalStateException when the plan was already started or closed
   */
  void transferOwnership() {
    if (!owned) {
      throw new IllegalStateException(
          "This compiled plan was already started or closed; compile the plan again to run it.");
    }
    owned = false;
  }

  /** Closes the protocols and feeders, unless a run took them over. Idempotent. */
  @Override
  public void close() {
    if (owned) {
      owned = false;
      closeAll(scenarios, protocols);
    }
  }

  /** Closes every protocol and feeder, logging (not throwing) what fails to close. */
  static void closeAll(List<CompiledScenario> scenarios, List<Protocol> protocols) {
    for (Protocol protocol : protocols) {
      closeQuietly(protocol, "protocol");
    }
    for (CompiledScenario scenario : scenarios) {
      Feeder feeder = scenario.feeder();
      if (feeder != null) {
        closeQuietly(feeder, "feeder of scenario '" + scenario.name() + "'");
      }
    }
  }

  private static void closeQuietly(AutoCloseable closeable, String what) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("Could not close the {} ({}); going on.", what, e.toString());
    }
  }

  @Override
  public String toString() {
    return "CompiledPlan["
        + plan.name()
        + ", "
        + scenarios.size()
        + " scenario(s), timeout="
        + timeout
        + ", maxInFlight="
        + maxInFlight
        + ", gracefulStop="
        + gracefulStop
        + (owned ? "" : ", handed over")
        + "]";
  }
}
