package io.loadline.web.security;

import io.loadline.store.User;
import java.time.Instant;

/**
 * A user as the API shows it: never the password hash. Immutable.
 *
 * @param role {@code viewer}, {@code operator} or {@code admin}
 */
public record UserJson(long id, String username, String role, boolean disabled, Instant createdAt) {

  static UserJson of(User user) {
    return new UserJson(user.id(), user.username(), user.role(), user.disabled(), user.createdAt());
  }
}
