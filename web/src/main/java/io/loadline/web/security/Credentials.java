package io.loadline.web.security;

import io.loadline.web.auth.PasswordRules;
import io.loadline.web.auth.Role;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for usernames, passwords and role names sent to the security routes. Stateless.
 * Messages never repeat a password.
 */
final class Credentials {

  static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private Credentials() {}

  /** Adds a problem when the username breaks the rules. */
  static void checkUsername(String username, JsonBody body) {
    if (username != null && !USERNAME.matcher(username).matches()) {
      body.problem("'username' must be 1 to 64 letters, digits, '.', '_', '@' or '-'");
    }
  }

  /** Adds a problem when the password is too short or too long. */
  static void checkPassword(String field, String password, JsonBody body) {
    if (password != null) {
      PasswordRules.problem("'" + field + "'", password).ifPresent(body::problem);
    }
  }

  /** The role a label names, adding a problem when it names none. */
  static Optional<Role> role(String label, JsonBody body) {
    if (label == null) {
      return Optional.empty();
    }
    Optional<Role> role = Role.fromLabel(label);
    if (role.isEmpty()) {
      body.problem("'role' must be one of viewer, operator, admin");
    }
    return role;
  }
}
