package io.loadline.web.auth;

import io.javalin.security.RouteRole;
import java.util.Optional;

/**
 * What a route needs before its handler runs: nothing ({@link #PUBLIC}) or a signed-in user with at
 * least a given role. Every route declares one; see {@link io.loadline.web.http.RouteTable}.
 */
public enum Access implements RouteRole {
  /** Open to anyone: the login form and endpoint, health, static assets. */
  PUBLIC(null),
  /** Any signed-in user. */
  VIEWER(Role.VIEWER),
  /** Operators and admins: the actions that change plans and runs. */
  OPERATOR(Role.OPERATOR),
  /** Admins only. */
  ADMIN(Role.ADMIN);

  private final Role minimumRole;

  Access(Role minimumRole) {
    this.minimumRole = minimumRole;
  }

  /** The least role allowed in; empty for {@link #PUBLIC}. */
  public Optional<Role> minimumRole() {
    return Optional.ofNullable(minimumRole);
  }

  /** Whether a user with {@code role} may use a route with this access. */
  public boolean admits(Role role) {
    return minimumRole == null || role.includes(minimumRole);
  }
}
