package io.loadline.web.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * A user's role, ordered by what it may do: a viewer reads, an operator also creates plans and
 * starts or stops runs, an admin may do everything. Immutable.
 */
public enum Role {
  VIEWER,
  OPERATOR,
  ADMIN;

  /** Whether this role may do what {@code required} may do. */
  public boolean includes(Role required) {
    return compareTo(required) >= 0;
  }

  /** The lower-case name stored with users and shown in the API, such as {@code operator}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named by a stored label; empty for an unknown label. */
  public static Optional<Role> fromLabel(String label) {
    for (Role role : values()) {
      if (role.label().equals(label)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
