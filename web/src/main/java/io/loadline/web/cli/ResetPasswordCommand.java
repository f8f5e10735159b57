package io.loadline.web.cli;

import io.loadline.store.Database;
import io.loadline.store.User;
import io.loadline.store.UserStore;
import io.loadline.web.DataDirectoryLock;
import io.loadline.web.ServerConfig;
import io.loadline.web.auth.InitialAdmin;
import io.loadline.web.auth.PasswordHasher;
import io.loadline.web.auth.PasswordRules;
import io.loadline.web.auth.Role;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code loadline admin reset-password}: sets a new password for an account directly in the
 * database, for an administrator who is locked out. The new password comes from standard input
 * ({@code --password-stdin}), else {@code LOADLINE_ADMIN_PASSWORD}, else it is generated and
 * printed once. The account is enabled again. On a database without any user it creates {@code
 * admin}. Meant for a stopped server: a running one keeps the sessions it already issued. Not
 * thread-safe; one per invocation.
 */
@Command(
    name = "reset-password",
    mixinStandardHelpOptions = true,
    description = {
      "Sets a new password for an account (default: admin) in a stopped server's database.",
      "The password is read from standard input with --password-stdin, else from"
          + " $LOADLINE_ADMIN_PASSWORD, else generated and printed once."
    })
final class ResetPasswordCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "The server's data directory (default: $LOADLINE_DATA_DIR or ./data).")
  private Path dataDirectory;

  @Option(
      names = "--username",
      paramLabel = "NAME",
      defaultValue = InitialAdmin.USERNAME,
      description = "The account to reset (default: ${DEFAULT-VALUE}).")
  private String username;

  @Option(
      names = "--password-stdin",
      description = "Read the new password from the first line of standard input.")
  private boolean passwordFromStdin;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ServerConfig config = config();
    Path databaseFile = config.databaseFile();
    if (!Files.isRegularFile(databaseFile)) {
      return fail(
          err,
          "No Loadline database at "
              + databaseFile.toAbsolutePath()
              + "; pass --data-dir with the server's data directory.");
    }
    String configured = passwordFromStdin ? firstLineOfStdin() : environmentPassword();
    boolean generated = configured == null;
    String password = generated ? InitialAdmin.randomPassword() : configured;
    Optional<String> tooShortOrLong = PasswordRules.problem("The new password", password);
    if (tooShortOrLong.isPresent()) {
      return fail(err, tooShortOrLong.get() + "; nothing was changed.");
    }
    DataDirectoryLock lock;
    try {
      lock = DataDirectoryLock.acquire(config.dataDirectory(), "admin reset-password");
    } catch (IllegalStateException running) {
      return fail(
          err,
          running.getMessage()
              + " A running server's admin can reset a password through the API instead: PUT"
              + " /api/v1/users/{id}/password. Nothing was changed.");
    }
    try (lock;
        Database database = Database.open(databaseFile)) {
      Optional<String> problem = reset(new UserStore(database), password);
      if (problem.isPresent()) {
        return fail(err, problem.get());
      }
    }
    out.println("The password of '" + username + "' was reset in " + databaseFile + ".");
    if (generated) {
      out.println("New password (shown once): " + password);
    }
    out.println("Start the server and sign in with it.");
    out.flush();
    return Main.EXIT_OK;
  }

  /** Sets the password and enables the account; a problem when there is no such account. */
  private Optional<String> reset(UserStore users, String password) {
    PasswordHasher passwords = new PasswordHasher();
    Optional<User> user = users.findByUsername(username);
    if (user.isEmpty() && users.count() == 0 && username.equals(InitialAdmin.USERNAME)) {
      users.create(username, passwords.hash(password), Role.ADMIN.label());
      return Optional.empty();
    }
    if (user.isEmpty()) {
      String known = users.list().stream().map(User::username).collect(Collectors.joining(", "));
      return Optional.of(
          "There is no user '"
              + username
              + "'; the users are: "
              + known
              + ". Pick one with"
              + " --username.");
    }
    users.setPasswordHash(user.get().id(), passwords.hash(password));
    users.setDisabled(user.get().id(), false);
    return Optional.empty();
  }

  private String firstLineOfStdin() throws IOException {
    BufferedReader input =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line = input.readLine();
    return line == null || line.isEmpty() ? "" : line;
  }

  private static String environmentPassword() {
    String password = System.getenv(ServerConfig.ENV_ADMIN_PASSWORD);
    return password == null || password.isBlank() ? null : password;
  }

  private ServerConfig config() {
    ServerConfig config = ServerConfig.fromEnvironment(System.getenv());
    return dataDirectory == null ? config : config.withDataDirectory(dataDirectory);
  }

  private static int fail(PrintWriter err, String message) {
    err.println("loadline admin reset-password: " + message);
    err.flush();
    return Main.EXIT_ERROR;
  }
}
