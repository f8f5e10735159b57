package io.loadline.store;

import java.time.Instant;

/**
 * A user account. Immutable. The password hash never leaves the server.
 *
 * @param role {@code admin}, {@code operator} or {@code viewer}
 * @param sessionGeneration goes up by one at each password change or reset and each disabling; a
 *     session token signed under an earlier generation is refused
 */
public record User(
    long id,
    String username,
    String passwordHash,
    String role,
    boolean disabled,
    Instant createdAt,
    long sessionGeneration) {

  @Override
  public String toString() {
    return "User[" + id + ", " + username + ", " + role + (disabled ? ", disabled" : "") + "]";
  }
}
