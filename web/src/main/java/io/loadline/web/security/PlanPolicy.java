package io.loadline.web.security;

import io.loadline.plan.Plan;
import io.loadline.plan.PluginRef;
import io.loadline.plan.ScenarioPlan;
import io.loadline.plan.StepPlan;
import io.loadline.spi.ConfigProblem;
import io.loadline.spi.PluginConfig;
import io.loadline.web.auth.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a plan against the server's security settings: every step URL against the target
 * allow-list (when a plan is saved and when a run starts), and the plan's size against the caps of
 * the role starting it. Returns every refusal at once, each naming its field path and the limit.
 * Immutable and thread-safe.
 *
 * <p>The size is read from the load settings every load model is expected to use: {@code rate}
 * (summed over scenarios; a plan-level load shared by weight counts once), {@code duration} (the
 * longest) and {@code users} (summed, for closed models). Every request step counts against the
 * allow-list, those nested in groups, conditions and choices included. While a list is set, an HTTP
 * step that follows redirects (its own {@code followRedirects}, else its protocol's) is refused:
 * the protocol plugin follows a redirect during the run, where the list cannot check where it
 * leads. Known limit: a load model that expresses its size under other keys is not capped; such a
 * model should be reviewed before it is installed.
 */
public final class PlanPolicy {

  static final String URL = "url";
  static final String RATE = "rate";
  static final String DURATION = "duration";
  static final String USERS = "users";
  static final String HTTP = "http";
  static final String FOLLOW_REDIRECTS = "followRedirects";
  static final String REDIRECT_REFUSAL =
      "following redirects is refused while "
          + SecurityConfig.ENV_ALLOWED_TARGETS
          + " is set, because a redirect's target is only known during the run and cannot be"
          + " checked against the list; set followRedirects: false and request the final URL";

  private final SecurityConfig config;

  public PlanPolicy(SecurityConfig config) {
    this.config = config;
  }

  /** Whether anything is checked for this role: an allow-list, or caps of the role. */
  public boolean appliesTo(Role role) {
    return config.allowList().isRestricted() || !config.caps(role).isUnlimited();
  }

  /**
   * Every step URL the allow-list refuses, and every HTTP step that follows redirects while a list
   * is set (a redirect's target is only known during the run, so it cannot be checked before).
   */
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
        if (config.allowList().isRestricted() && followsRedirects(scenario, step)) {
          refusals.add(new ConfigProblem(redirectPath(scenario, step), REDIRECT_REFUSAL));
        }
      }
    }
    return refusals;
  }

  /** Whether an HTTP step follows redirects: its own setting, else its protocol's (off). */
  private static boolean followsRedirects(ScenarioPlan scenario, StepPlan step) {
    if (!HTTP.equals(scenario.protocol().id())) {
      return false;
    }
    Object value = step.request().get(FOLLOW_REDIRECTS);
    value = value != null ? value : scenario.protocol().settings().get(FOLLOW_REDIRECTS);
    // Anything but an explicit false counts as following, so no spelling slips through.
    return value != null && !"false".equalsIgnoreCase(String.valueOf(value).trim());
  }

  private static String redirectPath(ScenarioPlan scenario, StepPlan step) {
    return step.request().containsKey(FOLLOW_REDIRECTS)
        ? step.path() + "." + FOLLOW_REDIRECTS
        : scenario.protocol().path() + "." + FOLLOW_REDIRECTS;
  }

  /** Every cap of {@code role} the plan exceeds, naming the limit and the variable that sets it. */
  public List<ConfigProblem> capRefusals(Plan plan, Role role) {
    RunCaps caps = config.caps(role);
    if (caps.isUnlimited()) {
      return List.of();
    }
    double totalRate = 0;
    Duration longest = Duration.ZERO;
    long totalUsers = 0;
    for (PluginRef load : distinctLoads(plan)) {
      totalRate += rate(load);
      Duration duration = duration(load);
      longest = duration.compareTo(longest) > 0 ? duration : longest;
      totalUsers += users(load);
    }
    List<String> refusals = new ArrayList<>();
    String suffix = role.name();
    if (caps.maxRatePerSecond() != null && totalRate > caps.maxRatePerSecond()) {
      refusals.add(
          "the plan's total rate of "
              + format(totalRate)
              + "/s exceeds the "
              + role.label()
              + " limit of "
              + format(caps.maxRatePerSecond())
              + "/s ("
              + SecurityConfig.ENV_MAX_RATE
              + suffix
              + ")");
    }
    if (caps.maxDuration() != null && longest.compareTo(caps.maxDuration()) > 0) {
      refusals.add(
          "a scenario lasts "
              + longest
              + ", longer than the "
              + role.label()
              + " limit of "
              + caps.maxDuration()
              + " ("
              + SecurityConfig.ENV_MAX_DURATION
              + suffix
              + ")");
    }
    if (caps.maxUsers() != null && totalUsers > caps.maxUsers()) {
      refusals.add(
          "the plan's "
              + totalUsers
              + " virtual users exceed the "
              + role.label()
              + " limit of "
              + caps.maxUsers()
              + " ("
              + SecurityConfig.ENV_MAX_USERS
              + suffix
              + ")");
    }
    return refusals.stream().map(reason -> new ConfigProblem("", reason)).toList();
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

  private static double rate(PluginRef load) {
    Object rate = load.settings().get(RATE);
    try {
      return rate == null ? 0 : PluginConfig.parseRatePerSecond(String.valueOf(rate));
    } catch (IllegalArgumentException unreadable) {
      return 0; // the plan reader has refused such a plan already
    }
  }

  private static Duration duration(PluginRef load) {
    Object duration = load.settings().get(DURATION);
    try {
      return duration == null
          ? Duration.ZERO
          : PluginConfig.parseDuration(String.valueOf(duration));
    } catch (IllegalArgumentException unreadable) {
      return Duration.ZERO;
    }
  }

  private static long users(PluginRef load) {
    Object users = load.settings().get(USERS);
    if (users instanceof Number number) {
      return number.longValue();
    }
    try {
      return users == null ? 0 : Long.parseLong(String.valueOf(users).trim());
    } catch (NumberFormatException unreadable) {
      return 0;
    }
  }

  private static String format(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
