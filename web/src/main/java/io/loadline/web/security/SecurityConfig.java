package io.loadline.web.security;

import io.loadline.spi.PluginConfig;
import io.loadline.web.ServerConfig;
import io.loadline.web.auth.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The security settings that do not belong to the HTTP server itself: which targets plans may aim
 * at and how large a run each role may start. Immutable. Built from the environment with {@link
 * #fromEnvironment}; {@link #defaults()} allows every target and sets no caps.
 *
 * <table>
 *   <caption>Settings and their environment variables</caption>
 *   <tr><th>setting</th><th>variable</th><th>example</th></tr>
 *   <tr><td>target allow-list</td><td>LOADLINE_ALLOWED_TARGETS</td>
 *       <td>{@code 127.0.0.1, staging.example.com, api.example.com:8443, 10.0.0.0/8}</td></tr>
 *   <tr><td>rate cap per role</td><td>LOADLINE_MAX_RATE_OPERATOR, LOADLINE_MAX_RATE_ADMIN</td>
 *       <td>{@code 500/s}</td></tr>
 *   <tr><td>duration cap per role</td>
 *       <td>LOADLINE_MAX_DURATION_OPERATOR, LOADLINE_MAX_DURATION_ADMIN</td>
 *       <td>{@code 10m}</td></tr>
 *   <tr><td>users cap per role</td><td>LOADLINE_MAX_USERS_OPERATOR, LOADLINE_MAX_USERS_ADMIN</td>
 *       <td>{@code 200}</td></tr>
 * </table>
 *
 * @param allowList the hosts runs may target; {@link TargetAllowList#allowAll()} when unset
 * @param capsByRole the caps of each role that may start runs; a missing role has none
 */
public record SecurityConfig(TargetAllowList allowList, Map<Role, RunCaps> capsByRole) {

  public static final String ENV_ALLOWED_TARGETS = "LOADLINE_ALLOWED_TARGETS";
  public static final String ENV_MAX_RATE = "LOADLINE_MAX_RATE_";
  public static final String ENV_MAX_DURATION = "LOADLINE_MAX_DURATION_";
  public static final String ENV_MAX_USERS = "LOADLINE_MAX_USERS_";

  public SecurityConfig {
    Objects.requireNonNull(allowList, "allowList");
    capsByRole = Map.copyOf(capsByRole);
  }

  /** Every target allowed, no caps. */
  public static SecurityConfig defaults() {
    return new SecurityConfig(TargetAllowList.allowAll(), Map.of());
  }

  /** The caps of a role; {@link RunCaps#NONE} when none are set. */
  public RunCaps caps(Role role) {
    return capsByRole.getOrDefault(role, RunCaps.NONE);
  }

  public SecurityConfig withAllowList(TargetAllowList newAllowList) {
    return new SecurityConfig(newAllowList, capsByRole);
  }

  public SecurityConfig withCaps(Role role, RunCaps caps) {
    Map<Role, RunCaps> newCaps = new EnumMap<>(Role.class);
    newCaps.putAll(capsByRole);
    newCaps.put(role, caps);
    return new SecurityConfig(allowList, newCaps);
  }

  /**
   * Reads the {@code LOADLINE_ALLOWED_TARGETS} and {@code LOADLINE_MAX_*_<ROLE>} variables.
   *
   * @throws IllegalArgumentException naming every malformed variable at once
   */
  public static SecurityConfig fromEnvironment(Map<String, String> environment) {
    List<String> problems = new ArrayList<>();
    TargetAllowList allowList = TargetAllowList.allowAll();
    String targets = nonBlank(environment.get(ENV_ALLOWED_TARGETS));
    if (targets != null) {
      try {
        allowList = TargetAllowList.parse(targets);
      } catch (IllegalArgumentException malformed) {
        problems.add(ENV_ALLOWED_TARGETS + ": " + malformed.getMessage());
      }
    }
    Map<Role, RunCaps> caps = new EnumMap<>(Role.class);
    for (Role role : List.of(Role.OPERATOR, Role.ADMIN)) {
      RunCaps roleCaps = capsFromEnvironment(environment, role, problems);
      if (!roleCaps.isUnlimited()) {
        caps.put(role, roleCaps);
      }
    }
    problems.addAll(unknownCapVariables(environment));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid security settings: " + String.join("; ", problems));
    }
    return new SecurityConfig(allowList, caps);
  }

  private static RunCaps capsFromEnvironment(
      Map<String, String> environment, Role role, List<String> problems) {
    String suffix = role.name().toUpperCase(Locale.ROOT);
    Double rate = null;
    Duration duration = null;
    Integer users = null;
    String rateText = nonBlank(environment.get(ENV_MAX_RATE + suffix));
    String durationText = nonBlank(environment.get(ENV_MAX_DURATION + suffix));
    String usersText = nonBlank(environment.get(ENV_MAX_USERS + suffix));
    try {
      rate = rateText == null ? null : PluginConfig.parseRatePerSecond(rateText.trim());
    } catch (IllegalArgumentException malformed) {
      problems.add(ENV_MAX_RATE + suffix + " must be a rate such as 500/s, was '" + rateText + "'");
    }
    try {
      duration = durationText == null ? null : PluginConfig.parseDuration(durationText.trim());
    } catch (IllegalArgumentException malformed) {
      problems.add(
          ENV_MAX_DURATION
              + suffix
              + " must be a duration such as 10m, was '"
              + durationText
              + "'");
    }
    try {
      users = usersText == null ? null : Integer.valueOf(usersText.trim());
    } catch (NumberFormatException malformed) {
      users = null; // reported below
    }
    if (usersText != null && (users == null || users < 1)) {
      problems.add(
          ENV_MAX_USERS
              + suffix
              + " must be a whole number of at least 1, was '"
              + usersText
              + "'");
      users = null;
    }
    return new RunCaps(rate, duration, users);
  }

  /**
   * A cap variable that names no cap, such as a misspelt role (LOADLINE_MAX_RATE_OPERATER) or the
   * viewer, who starts no runs: silently ignored, it would leave a role uncapped that its operator
   * meant to cap.
   */
  private static List<String> unknownCapVariables(Map<String, String> environment) {
    List<String> known = new ArrayList<>();
    for (Role role : List.of(Role.OPERATOR, Role.ADMIN)) {
      String suffix = role.name().toUpperCase(Locale.ROOT);
      known.addAll(
          List.of(ENV_MAX_RATE + suffix, ENV_MAX_DURATION + suffix, ENV_MAX_USERS + suffix));
    }
    return environment.keySet().stream()
        .filter(name -> name.startsWith("LOADLINE_MAX_") && !known.contains(name))
        .filter(name -> !name.equals(ServerConfig.ENV_MAX_IN_FLIGHT))
        .sorted()
        .map(name -> name + " is not a run cap; the caps are " + known)
        .toList();
  }

  private static String nonBlank(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
