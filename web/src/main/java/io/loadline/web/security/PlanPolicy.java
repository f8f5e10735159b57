package io.loadline.web.security;

import io.loadline.engine.Engine;
import io.loadline.engine.LoadSize;
import io.loadline.plan.Plan;
import io.loadline.plan.PluginRef;
import io.loadline.plan.ScenarioPlan;
import io.loadline.plan.StepPlan;
import io.loadline.spi.ConfigProblem;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.RateModelFactory;
import io.loadline.web.auth.Role;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a plan against the server's security settings: every step URL against the target
 * allow-list (when a plan is saved and when a run starts), and the plan's size against the caps of
 * the role starting it. Returns every refusal at once, each naming its field path and the limit.
 * Immutable and thread-safe.
 *
 * <p>The size is measured on each load's schedule as its rate model builds it for the run (see
 * {@link LoadSize}): an open model's highest planned rate (summed over the loads), a closed model's
 * most users (summed) and the longest duration; a plan-level load shared by weight counts once. So
 * every model is capped alike, built-in or a plugin, whatever keys it takes. Every request step
 * counts against the allow-list, those nested in groups, conditions and choices included. A
 * redirect's target is only known during the run: the engine's {@link
 * io.loadline.engine.TargetGuard}, set up from the same list, checks it then.
 */
public final class PlanPolicy {

  static final String URL = "url";

  private final SecurityConfig config;
  private final Engine engine;

  /**
   * @param engine whose rate models measure a plan's loads against the caps, as a run builds them
   */
  public PlanPolicy(SecurityConfig config, Engine engine) {
    this.config = config;
    this.engine = engine;
  }

  /** Whether anything is checked for this role: an allow-list, or caps of the role. */
  public boolean appliesTo(Role role) {
    return config.allowList().isRestricted() || !config.caps(role).isUnlimited();
  }

  /** Every step URL the allow-list refuses. */
  public List<ConfigProblem> targetRefusals(Plan plan) {
    List<ConfigProblem> refusals = new ArrayList<>();
    for (ScenarioPlan scenario : plan.scenarios()) {
      for (StepPlan step : scenario.steps()) {
        Object url = step.request().get(URL);
        if (url instanceof String text) {
          config
              .allowList()
              .refusal(text)
              .ifPresent(
                  reason -> refusals.add(new ConfigProblem(step.path() + "." + URL, reason)));
        }
      }
    }
    return refusals;
  }

  /**
   * Every cap of {@code role} the plan exceeds, naming the load path, the limit and the variable
   * that sets it. Each load is measured by building its schedule with its rate model, as the run
   * will (see {@link LoadSize}), so no rate model can state its size under keys the caps do not
   * read. A load that cannot be measured is refused: the caps fail closed.
   */
  public List<ConfigProblem> capRefusals(Plan plan, Role role) {
    RunCaps caps = config.caps(role);
    if (caps.isUnlimited()) {
      return List.of();
    }
    Map<PluginRef, LoadSize> sizes = new LinkedHashMap<>();
    List<ConfigProblem> refusals = new ArrayList<>();
    for (PluginRef load : distinctLoads(plan)) {
      try {
        sizes.put(load, measure(load));
      } catch (InvalidConfigException | RuntimeException unmeasurable) {
        refusals.add(
            new ConfigProblem(
                load.path(),
                "could not be measured against the "
                    + role.label()
                    + " run caps, so it is refused: "
                    + unmeasurable.getMessage()));
      }
    }
    double totalRate = sizes.values().stream().mapToDouble(LoadSize::peakRatePerSecond).sum();
    long totalUsers = sizes.values().stream().mapToLong(LoadSize::maxUsers).sum();
    String suffix = role.name();
    sizes.forEach(
        (load, size) -> {
          if (caps.maxRatePerSecond() != null
              && totalRate > caps.maxRatePerSecond()
              && size.peakRatePerSecond() > 0) {
            refusals.add(
                new ConfigProblem(
                    load.path(),
                    "plans up to "
                        + format(size.peakRatePerSecond())
                        + "/s; the plan's total rate of "
                        + format(totalRate)
                        + "/s exceeds the "
                        + role.label()
                        + " limit of "
                        + format(caps.maxRatePerSecond())
                        + "/s ("
                        + SecurityConfig.ENV_MAX_RATE
                        + suffix
                        + ")"));
          }
          if (caps.maxUsers() != null && totalUsers > caps.maxUsers() && size.maxUsers() > 0) {
            refusals.add(
                new ConfigProblem(
                    load.path(),
                    "runs up to "
                        + size.maxUsers()
                        + " virtual users; the plan's "
                        + totalUsers
                        + " virtual users exceed the "
                        + role.label()
                        + " limit of "
                        + caps.maxUsers()
                        + " ("
                        + SecurityConfig.ENV_MAX_USERS
                        + suffix
                        + ")"));
          }
          if (caps.maxDuration() != null && size.duration().compareTo(caps.maxDuration()) > 0) {
            refusals.add(
                new ConfigProblem(
                    load.path(),
                    "lasts "
                        + size.duration()
                        + ", longer than the "
                        + role.label()
                        + " limit of "
                        + caps.maxDuration()
                        + " ("
                        + SecurityConfig.ENV_MAX_DURATION
                        + suffix
                        + ")"));
          }
        });
    return refusals;
  }

  /** Each scenario's own load, and the plan-level load once however many scenarios share it. */
  private static List<PluginRef> distinctLoads(Plan plan) {
    List<PluginRef> loads = new ArrayList<>();
    for (ScenarioPlan scenario : plan.scenarios()) {
      if (!scenario.sharesPlanLoad()) {
        loads.add(scenario.load());
      }
    }
    if (plan.load() != null) {
      loads.add(plan.load());
    }
    return loads;
  }

  /** Builds the load's schedule with its rate model, as a run would, and measures it. */
  private LoadSize measure(PluginRef load) throws InvalidConfigException {
    RateModelFactory model =
        engine
            .plugins()
            .rateModel(load.id())
            .orElseThrow(() -> new IllegalArgumentException("no rate model '" + load.id() + "'"));
    return LoadSize.of(model.create(load.toConfig(engine.settings().dataDirectory())));
  }

  /** A rate to four significant digits, such as 667.1 (not 667.0666666666667) or 50. */
  static String format(double value) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    return new BigDecimal(value)
        .round(new MathContext(4, RoundingMode.HALF_UP))
        .stripTrailingZeros()
        .toPlainString();
  }
}
