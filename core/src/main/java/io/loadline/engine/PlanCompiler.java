package io.loadline.engine;

import io.loadline.plan.Plan;
import io.loadline.plan.PluginRef;
import io.loadline.plan.ScenarioPlan;
import io.loadline.plan.StepPlan;
import io.loadline.pluginhost.PluginRegistry;
import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.ConfigProblem;
import io.loadline.spi.Feeder;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PluginFactory;
import io.loadline.spi.PluginKind;
import io.loadline.spi.PreparedStep;
import io.loadline.spi.Protocol;
import io.loadline.spi.ProtocolFactory;
import io.loadline.spi.UserSchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one plan against the plugins and builds its runtime objects, collecting every problem of
 * every scenario. Used once, on one thread; on failure it closes whatever it built.
 */
final class PlanCompiler {

  private final PluginRegistry plugins;
  private final EngineSettings settings;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final Map<List<Object>, Protocol> sharedProtocols = new LinkedHashMap<>();
  private final List<CompiledScenario> scenarios = new ArrayList<>();

  PlanCompiler(PluginRegistry plugins, EngineSettings settings) {
    this.plugins = plugins;
    this.settings = settings;
  }

  /** The problems found; empty when the plan compiled. */
  List<ConfigProblem> problems() {
    return List.copyOf(problems);
  }

  /** Compiles the plan; returns null, having closed what it built, when there are problems. */
  CompiledPlan compile(Plan plan) {
    Duration timeout = resolveTimeout(plan);
    int maxInFlight = resolveMaxInFlight(plan);
    Duration gracefulStop = resolveGracefulStop(plan);
    List<ArrivalSchedule> shares = sharedArrivals(plan);
    int share = 0;
    for (ScenarioPlan scenario : plan.scenarios()) {
      ArrivalSchedule schedule =
          scenario.sharesPlanLoad()
              ? (shares.isEmpty() ? null : shares.get(share++))
              : create(
                  plugins.rateModel(scenario.load().id()), PluginKind.RATE_MODEL, scenario.load());
      compileScenario(scenario, schedule, timeout);
    }
    List<Protocol> protocols = List.copyOf(sharedProtocols.values());
    if (!problems.isEmpty()) {
      CompiledPlan.closeAll(scenarios, protocols);
      return null;
    }
    return new CompiledPlan(
        plan, scenarios, protocols, timeout, maxInFlight, gracefulStop, settings.targetGuard());
  }

  /**
   * The plan-level load split by weight, one schedule per sharing scenario in plan order; empty
   * when there is none or it failed (its problems are recorded).
   */
  private List<ArrivalSchedule> sharedArrivals(Plan plan) {
    List<Integer> weights =
        plan.scenarios().stream()
            .filter(ScenarioPlan::sharesPlanLoad)
            .map(ScenarioPlan::weight)
            .toList();
    if (plan.load() == null || weights.isEmpty()) {
      return List.of();
    }
    ArrivalSchedule shared =
        create(plugins.rateModel(plan.load().id()), PluginKind.RATE_MODEL, plan.load());
    if (shared == null) {
      return List.of();
    }
    if (shared instanceof UserSchedule) {
      problems.add(
          new ConfigProblem(
              plan.load().path() + ".model",
              "names a closed model ('"
                  + plan.load().id()
                  + "'), which has users, not arrivals to share; give each scenario its own"
                  + " load, or use an open model such as constant"));
      return List.of();
    }
    return WeightedArrivals.split(shared, weights);
  }

  private void compileScenario(
      ScenarioPlan scenario, ArrivalSchedule schedule, Duration planTimeout) {
    Protocol protocol = protocolFor(scenario.protocol());
    Feeder feeder =
        scenario.feeder() == null
            ? null
            : create(plugins.feeder(scenario.feeder().id()), PluginKind.FEEDER, scenario.feeder());
    List<CompiledStep> steps = new ArrayList<>();
    // Wrong protocol options must not hide the steps' mistakes: check those with the defaults.
    Protocol stepReader = protocol != null ? protocol : defaultsProtocol(scenario.protocol());
    if (stepReader != null) {
      List<Set<String>> variablesUsed = new ArrayList<>();
      for (StepPlan step : scenario.steps()) {
        if (step.isThink()) {
          steps.add(new CompiledStep(step.name(), null, planTimeout, StepRules.NONE, step.think()));
          variablesUsed.add(Set.of());
          continue;
        }
        PreparedStep prepared = prepare(stepReader, step, variablesUsed);
        StepRules rules = StepRules.compile(step.name(), step.checks(), step.extract(), problems);
        steps.add(
            new CompiledStep(step.name(), prepared, stepTimeout(step, planTimeout), rules, null));
      }
      problems.addAll(UndefinedVariables.find(scenario, feeder, variablesUsed));
    }
    if (stepReader != protocol) {
      closeQuietly(stepReader);
    }
    if (schedule != null && protocol != null && (feeder != null || scenario.feeder() == null)) {
      scenarios.add(
          new CompiledScenario(
              scenario.name(),
              schedule,
              scenario.protocol().id(),
              protocol,
              feeder,
              steps,
              scenario.variables(),
              new StepProgram(scenario.name(), scenario.flow()),
              scenario.seed()));
    } else if (feeder != null) {
      closeFeeder(feeder);
    }
  }

  /** One protocol per distinct id and settings, so scenarios alike share one client. */
  private Protocol protocolFor(PluginRef ref) {
    List<Object> key = List.of(ref.id(), ref.settings());
    Protocol shared = sharedProtocols.get(key);
    if (shared != null) {
      return shared;
    }
    Protocol created = create(plugins.protocol(ref.id()), PluginKind.PROTOCOL, ref);
    if (created != null) {
      sharedProtocols.put(key, created);
    }
    return created;
  }

  /**
   * A protocol of the same id with its default options, only to read the steps of a scenario whose
   * own options are wrong (those problems are already recorded); null when even that fails.
   */
  private Protocol defaultsProtocol(PluginRef ref) {
    Optional<ProtocolFactory> factory = plugins.protocol(ref.id());
    if (factory.isEmpty()) {
      return null;
    }
    try {
      return factory
          .get()
          .create(new PluginRef(ref.id(), ref.path(), Map.of()).toConfig(dataDirectory()));
    } catch (InvalidConfigException | RuntimeException e) {
      return null; // the protocol needs options to read steps: its own problems say which
    }
  }

  /** Prepares one step, adding the variables it reads (as far as it could be read) to the list. */
  private PreparedStep prepare(Protocol protocol, StepPlan step, List<Set<String>> variablesUsed) {
    try {
      PreparedStep prepared =
          protocol.prepare(PluginConfig.of(step.path(), step.request(), dataDirectory()));
      variablesUsed.add(prepared.variablesUsed());
      return prepared;
    } catch (InvalidConfigException e) {
      problems.addAll(e.problems());
      variablesUsed.add(e.variablesUsed());
    } catch (RuntimeException e) {
      problems.add(new ConfigProblem(step.path(), "the protocol failed to read the step: " + e));
      variablesUsed.add(Set.of());
    }
    return null;
  }

  private <T> T create(
      Optional<? extends PluginFactory<T>> factory, PluginKind kind, PluginRef ref) {
    if (factory.isEmpty()) {
      String idKey = kind == PluginKind.RATE_MODEL ? "model" : "type";
      problems.add(
          new ConfigProblem(
              ref.path() + "." + idKey,
              "names an unknown "
                  + kind.label()
                  + " '"
                  + ref.id()
                  + "'; the known ones are "
                  + plugins.ids(kind)));
      return null;
    }
    try {
      return factory.get().create(ref.toConfig(dataDirectory()));
    } catch (InvalidConfigException e) {
      problems.addAll(e.problems());
    } catch (RuntimeException e) {
      problems.add(
          new ConfigProblem(
              ref.path(), "the " + kind.label() + " '" + ref.id() + "' failed to start: " + e));
    }
    return null;
  }

  /** The step's own {@code timeout} when it is a valid duration; its protocol reports bad ones. */
  private static Duration stepTimeout(StepPlan step, Duration planTimeout) {
    Object value = step.request().get("timeout");
    if (value == null) {
      return planTimeout;
    }
    try {
      Duration timeout = PluginConfig.parseDuration(value.toString());
      return timeout.isZero() ? planTimeout : timeout;
    } catch (IllegalArgumentException e) {
      return planTimeout;
    }
  }

  private Duration resolveTimeout(Plan plan) {
    if (plan.timeout() == null) {
      return settings.defaultTimeout();
    }
    if (plan.timeout().isZero() || plan.timeout().isNegative()) {
      problems.add(new ConfigProblem("timeout", "must be above zero, was " + plan.timeout()));
      return settings.defaultTimeout();
    }
    return plan.timeout();
  }

  private int resolveMaxInFlight(Plan plan) {
    if (plan.maxInFlight() == null) {
      return settings.defaultMaxInFlight();
    }
    if (plan.maxInFlight() < 1) {
      problems.add(
          new ConfigProblem("maxInFlight", "must be at least 1, was " + plan.maxInFlight()));
      return settings.defaultMaxInFlight();
    }
    return plan.maxInFlight();
  }

  private Duration resolveGracefulStop(Plan plan) {
    if (plan.gracefulStop() == null) {
      return settings.defaultGracefulStop();
    }
    if (plan.gracefulStop().isNegative()) {
      problems.add(
          new ConfigProblem("gracefulStop", "must not be negative, was " + plan.gracefulStop()));
      return settings.defaultGracefulStop();
    }
    return plan.gracefulStop();
  }

  private java.nio.file.Path dataDirectory() {
    return settings.dataDirectory();
  }

  private static void closeQuietly(Protocol unstarted) {
    if (unstarted == null) {
      return;
    }
    try {
      unstarted.close();
    } catch (Exception e) {
      // It only read steps and never started; a failure to close changes nothing for the user.
    }
  }

  private static void closeFeeder(Feeder feeder) {
    try {
      feeder.close();
    } catch (RuntimeException e) {
      // Validation failed anyway; a feeder that cannot close changes nothing for the user.
    }
  }
}
