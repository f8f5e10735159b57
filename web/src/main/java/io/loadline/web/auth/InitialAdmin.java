package io.loadline.web.auth;

import io.loadline.store.UserStore;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first account, {@code admin}, when the database has no users. Its password is the
 * configured one, or a random one printed once to the console (never to the log). Runs once at
 * start-up; not meant to be shared.
 */
public final class InitialAdmin {

  public static final String USERNAME = "admin";

  private static final Logger LOG = LoggerFactory.getLogger(InitialAdmin.class);
  private static final int GENERATED_PASSWORD_BYTES = 18;

  private InitialAdmin() {}

  /**
   * Creates {@code admin} if there is no user yet.
   *
   * @param configuredPassword the password from {@code LOADLINE_ADMIN_PASSWORD}, or null
   * @param console where a generated password is shown, once
   * @return whether the account was created
   */
  public static boolean ensure(
      UserStore users, PasswordHasher passwords, String configuredPassword, PrintStream console) {
    if (users.count() > 0) {
      return false;
    }
    boolean generated = configuredPassword == null || configuredPassword.isBlank();
    String password = generated ? randomPassword() : configuredPassword;
    users.create(USERNAME, passwords.hash(password), Role.ADMIN.label());
    if (generated) {
      console.println();
      console.println("==================================================================");
      console.println(" Loadline created the first account. This password is shown ONCE:");
      console.println("   username: " + USERNAME);
      console.println("   password: " + password);
      console.println(" Set LOADLINE_ADMIN_PASSWORD before the first start to choose it.");
      console.println("==================================================================");
      console.println();
      console.flush();
      LOG.info("Created user '{}' with a generated password (shown on the console)", USERNAME);
    } else {
      LOG.info("Created user '{}' with the password from LOADLINE_ADMIN_PASSWORD", USERNAME);
    }
    return true;
  }

  private static String randomPassword() {
    byte[] bytes = new byte[GENERATED_PASSWORD_BYTES];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
