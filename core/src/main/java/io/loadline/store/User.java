package io.loadline.store;

import java.time.Instant;

/**
 * A user account. Immutable. The password hash never leaves the server.
 *
 * @param role {@code admin}, {@code operator} or {@code viewer}
 */
public record User(
    long id,
    String username,
    String passwordHash,
    String role,
    boolean disabled,
    Instant createdAt) {

  @Override
  public String toString() {
    return "User[" + id + ", " + username + ", " + role + (disabled ? ", disabled" : "") + "]";
  }
}
