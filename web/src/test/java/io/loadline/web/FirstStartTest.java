package io.loadline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.testtools.JavalinTest;
import io.loadline.store.Database;
import io.loadline.store.UserStore;
import io.loadline.web.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The first admin's one-time password is shown only by a server that actually listens. */
class FirstStartTest {

  private static final Pattern SHOWN_PASSWORD = Pattern.compile("password: (\\S+)");

  @TempDir Path dataDirectory;

  @Test
  void aFirstStartOnABusyPortKeepsTheOneTimePasswordForTheNextStart() throws Exception {
    ServerConfig config = TestServer.config(dataDirectory).withSecrets(null, TestServer.JWT_SECRET);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      LoadlineServer server =
          LoadlineServer.create(
              config.withPort(busy.getLocalPort()),
              new PrintStream(console, true, StandardCharsets.UTF_8));
      assertThrows(RuntimeException.class, server::start);
      server.close();
    }
    assertFalse(console.toString(StandardCharsets.UTF_8).contains("password:"), console.toString());
    try (Database database = Database.open(config.databaseFile())) {
      assertEquals(0, new UserStore(database).count(), "the admin was rolled back");
    }

    try (TestServer second = TestServer.start(config)) {
      Matcher shown = SHOWN_PASSWORD.matcher(second.console.toString());
      assertTrue(shown.find(), second.console.toString());
      second.login("admin", shown.group(1));
    }
  }

  @Test
  @Timeout(60)
  void serveOnABusyPortSaysSoAndCreatesNoAccount() throws Exception {
    StringWriter err = new StringWriter();
    int exitCode;
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      CommandLine commandLine = Main.commandLine();
      commandLine.setOut(new PrintWriter(new StringWriter(), true));
      commandLine.setErr(new PrintWriter(err, true));
      exitCode =
          commandLine.execute(
              "serve",
              "--host",
              "127.0.0.1",
              "--port",
              Integer.toString(busy.getLocalPort()),
              "--data-dir",
              dataDirectory.toString(),
              "--plugins-dir",
              dataDirectory.resolve("no-plugins").toString());
    }

    assertEquals(2, exitCode, err.toString());
    assertTrue(err.toString().contains("in use"), err.toString());
    try (Database database = Database.open(dataDirectory.resolve("loadline.db"))) {
      assertEquals(0, new UserStore(database).count(), "no account whose password nobody saw");
    }
  }

  @Test
  void aServerStartedByJavalinTestToolsStillShowsTheGeneratedPassword() {
    ServerConfig config = TestServer.config(dataDirectory).withSecrets(null, TestServer.JWT_SECRET);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    LoadlineServer server =
        LoadlineServer.create(config, new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      assertFalse(console.toString(StandardCharsets.UTF_8).contains("password:"), "not yet");
      JavalinTest.test(
          server.app(), (app, client) -> assertEquals(200, client.get("/api/v1/health").code()));
      assertTrue(console.toString(StandardCharsets.UTF_8).contains("password:"), "once listening");
      assertEquals(1, server.users().count());
    } finally {
      server.close();
    }
  }
}
