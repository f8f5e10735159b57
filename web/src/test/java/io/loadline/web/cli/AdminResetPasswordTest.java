package io.loadline.web.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.web.ServerConfig;
import io.loadline.web.TestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code loadline admin reset-password} recovers a locked-out admin on a stopped server's database:
 * the next start accepts the new password and refuses the old one.
 */
class AdminResetPasswordTest {

  private static final Pattern SHOWN_PASSWORD = Pattern.compile("shown once\\): (\\S+)");

  @TempDir Path dataDirectory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void aPasswordReadFromStdinReplacesTheLostOne() {
    ServerConfig config = TestServer.config(dataDirectory);
    try (TestServer first = TestServer.start(config)) {
      first.adminToken();
    }

    int exitCode =
        executeWithStdin(
            "a-new-admin-password\n",
            "admin",
            "reset-password",
            "--data-dir",
            dataDirectory.toString(),
            "--password-stdin");

    assertEquals(0, exitCode, err.toString());
    assertTrue(out.toString().contains("was reset"), out.toString());
    try (TestServer second = TestServer.start(config)) {
      second.login("admin", "a-new-admin-password");
      assertEquals(401, loginStatus(second, TestServer.ADMIN_PASSWORD));
    }
  }

  @Test
  void withoutAPasswordOneIsGeneratedAndPrintedOnce() {
    ServerConfig config = TestServer.config(dataDirectory);
    try (TestServer first = TestServer.start(config)) {
      first.adminToken();
    }

    int exitCode = execute("admin", "reset-password", "--data-dir", dataDirectory.toString());

    assertEquals(0, exitCode, err.toString());
    Matcher shown = SHOWN_PASSWORD.matcher(out.toString());
    assertTrue(shown.find(), out.toString());
    try (TestServer second = TestServer.start(config)) {
      second.login("admin", shown.group(1));
    }
  }

  @Test
  void aTooShortPasswordChangesNothingAndExitsTwo() {
    ServerConfig config = TestServer.config(dataDirectory);
    try (TestServer first = TestServer.start(config)) {
      first.adminToken();
    }

    int exitCode =
        executeWithStdin(
            "short\n",
            "admin",
            "reset-password",
            "--data-dir",
            dataDirectory.toString(),
            "--password-stdin");

    assertEquals(2, exitCode);
    assertTrue(err.toString().contains("12 to 1024 characters"), err.toString());
    try (TestServer second = TestServer.start(config)) {
      second.adminToken();
    }
  }

  @Test
  void aRunningServersDatabaseIsLeftAloneWithTheWayThroughTheApi() {
    try (TestServer running = TestServer.start(TestServer.config(dataDirectory))) {
      int exitCode =
          executeWithStdin(
              "a-new-long-password\n",
              "admin",
              "reset-password",
              "--data-dir",
              dataDirectory.toString(),
              "--password-stdin");

      assertEquals(2, exitCode);
      String message = err.toString();
      assertTrue(
          message.contains(
              "Another Loadline process (process " + ProcessHandle.current().pid() + ")"),
          message);
      assertTrue(message.contains("PUT /api/v1/users/{id}/password"), message);
      assertTrue(message.contains("Nothing was changed."), message);
      assertEquals(200, loginStatus(running, TestServer.ADMIN_PASSWORD));
    }
  }

  @Test
  void aDirectoryWithoutADatabaseIsNamedAndNothingIsCreated() {
    int exitCode = execute("admin", "reset-password", "--data-dir", dataDirectory.toString());

    assertEquals(2, exitCode);
    assertTrue(err.toString().contains("No Loadline database at"), err.toString());
    assertFalse(Files.exists(dataDirectory.resolve("loadline.db")));
  }

  @Test
  void anUnknownUserIsAnErrorThatListsTheUsers() {
    ServerConfig config = TestServer.config(dataDirectory);
    try (TestServer first = TestServer.start(config)) {
      first.adminToken();
    }

    int exitCode =
        execute(
            "admin", "reset-password", "--data-dir", dataDirectory.toString(), "--username", "eve");

    assertEquals(2, exitCode);
    assertTrue(err.toString().contains("no user 'eve'"), err.toString());
    assertTrue(err.toString().contains("admin"), err.toString());
  }

  private static int loginStatus(TestServer server, String password) {
    return server
        .send(
            server
                .request("/api/v1/auth/login")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"admin\",\"password\":\"" + password + "\"}")))
        .statusCode();
  }

  private int executeWithStdin(String input, String... arguments) {
    InputStream before = System.in;
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    try {
      return execute(arguments);
    } finally {
      System.setIn(before);
    }
  }

  private int execute(String... arguments) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(arguments);
  }
}
