package io.loadline.web.auth;

import io.loadline.store.User;
import io.loadline.store.UserStore;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first account, {@code admin}, when the database has no users. Its password is the
 * configured one, or a random one printed once to the console (never to the log). The server
 * creates the account while it is wired, but {@linkplain Created#announce announces} it only once
 * it listens, and {@linkplain Created#rollBack rolls it back} when it cannot listen, so a failed
 * first start never uses up the one-time password. Stateless; not meant to be shared.
 */
public final class InitialAdmin {

  public static final String USERNAME = "admin";

  private static final Logger LOG = LoggerFactory.getLogger(InitialAdmin.class);
  private static final int GENERATED_PASSWORD_BYTES = 18;

  private InitialAdmin() {}

  /**
   * Creates {@code admin} if there is no user yet and shows a generated password at once.
   *
   * @param configuredPassword the password from {@code LOADLINE_ADMIN_PASSWORD}, or null
   * @param console where a generated password is shown, once
   * @return whether the account was created
   */
  public static boolean ensure(
      UserStore users, PasswordHasher passwords, String configuredPassword, PrintStream console) {
    Optional<Created> created = create(users, passwords, configuredPassword);
    created.ifPresent(account -> account.announce(console));
    return created.isPresent();
  }

  /**
   * Creates {@code admin} if there is no user yet, without showing anything: the caller {@link
   * Created#announce announces} it once the server is reachable, or {@link Created#rollBack rolls
   * it back}.
   *
   * @param configuredPassword the password from {@code LOADLINE_ADMIN_PASSWORD}, or null
   * @return the account created, or empty when there were users already
   * @throws IllegalArgumentException when the account is due and the configured password breaks
   *     {@link PasswordRules} (nothing is created)
   */
  public static Optional<Created> create(
      UserStore users, PasswordHasher passwords, String configuredPassword) {
    if (users.count() > 0) {
      return Optional.empty();
    }
    boolean generated = configuredPassword == null || configuredPassword.isBlank();
    String password = generated ? randomPassword() : configuredPassword;
    if (!generated) {
      PasswordRules.problem("LOADLINE_ADMIN_PASSWORD", password)
          .ifPresent(
              problem -> {
                throw new IllegalArgumentException(
                    problem
                        + "; it becomes the first admin's password. Set a longer one, or unset it"
                        + " to have one generated.");
              });
    }
    User user = users.create(USERNAME, passwords.hash(password), Role.ADMIN.label());
    return Optional.of(new Created(user, generated ? password : null));
  }

  /** A new random password: 24 URL-safe characters. */
  public static String randomPassword() {
    byte[] bytes = new byte[GENERATED_PASSWORD_BYTES];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The account just created. Immutable.
   *
   * @param user the stored account
   * @param generatedPassword the generated password to show once, or null when it was configured
   */
  public record Created(User user, String generatedPassword) {

    /** Shows a generated password on the console (never in the log); logs the creation. */
    public void announce(PrintStream console) {
      if (generatedPassword == null) {
        LOG.info("Created user '{}' with the password from LOADLINE_ADMIN_PASSWORD", USERNAME);
        return;
      }
      console.println();
      console.println("==================================================================");
      console.println(" Loadline created the first account. This password is shown ONCE:");
      console.println("   username: " + USERNAME);
      console.println("   password: " + generatedPassword);
      console.println(" Set LOADLINE_ADMIN_PASSWORD before the first start to choose it.");
      console.println(
          " Lost it? Stop the server and run:"
              + " java -jar web/target/loadline.jar admin reset-password");
      console.println("==================================================================");
      console.println();
      console.flush();
      LOG.info("Created user '{}' with a generated password (shown on the console)", USERNAME);
    }

    /** Deletes the account again, so that the next start creates and shows a new one. */
    public void rollBack(UserStore users) {
      users.deleteJustCreated(user.id());
      LOG.info("The server did not start; user '{}' will be created at the next start", USERNAME);
    }
  }
}
