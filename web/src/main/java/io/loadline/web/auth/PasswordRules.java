package io.loadline.web.auth;

import java.util.Optional;

/**
 * The one rule every new password follows, wherever it is set (the users and account API, the first
 * admin's {@code LOADLINE_ADMIN_PASSWORD}, {@code admin reset-password}): 12 to 1024 characters.
 * Stateless.
 */
public final class PasswordRules {

  public static final int MIN_LENGTH = 12;
  public static final int MAX_LENGTH = 1024;

  private PasswordRules() {}

  /**
   * Why {@code password} cannot be used, naming it as {@code what}; empty when it can. The message
   * never repeats the password.
   */
  public static Optional<String> problem(String what, String password) {
    if (password.length() >= MIN_LENGTH && password.length() <= MAX_LENGTH) {
      return Optional.empty();
    }
    return Optional.of(
        what
            + " must be "
            + MIN_LENGTH
            + " to "
            + MAX_LENGTH
            + " characters long, was "
            + password.length());
  }
}
