package io.loadline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.store.Database;
import io.loadline.store.UserStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerStartTest {

  private static final Pattern SHOWN_PASSWORD = Pattern.compile("password: (\\S+)");

  @TempDir Path dataDirectory;

  @Test
  void aFirstStartShowsTheGeneratedAdminPasswordOnceAndKeepsTheJwtSecret() {
    ServerConfig config = TestServer.config(dataDirectory).withSecrets(null, null);
    String password;
    String token;
    try (TestServer first = TestServer.start(config)) {
      Matcher shown = SHOWN_PASSWORD.matcher(first.console.toString());
      assertTrue(shown.find(), first.console.toString());
      password = shown.group(1);
      token = first.login("admin", password);
    }

    try (TestServer second = TestServer.start(config)) {
      assertFalse(second.console.toString().contains("password:"), second.console.toString());
      assertEquals(200, second.get("/api/v1/plans", token).statusCode());
      second.login("admin", password);
    }
  }

  @Test
  void theConfiguredAdminPasswordIsUsedAndNeverShown() {
    try (TestServer test = TestServer.start(dataDirectory)) {
      assertFalse(test.console.toString().contains(TestServer.ADMIN_PASSWORD));
      test.login("admin", TestServer.ADMIN_PASSWORD);
    }
  }

  @Test
  void aJwtSecretShorterThan32BytesIsRefusedWithAnExplanation() {
    ServerConfig config = TestServer.config(dataDirectory).withSecrets("pw", "too-short");

    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> TestServer.start(config));
    assertTrue(refused.getMessage().contains("LOADLINE_JWT_SECRET"), refused.getMessage());
  }

  @Test
  void aFirstAdminPasswordShorterThanTwelveCharactersIsRefusedAndNoAccountIsMade() {
    ServerConfig config =
        TestServer.config(dataDirectory).withSecrets("short", TestServer.JWT_SECRET);

    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> TestServer.start(config));
    assertEquals(
        "LOADLINE_ADMIN_PASSWORD must be 12 to 1024 characters long, was 5; it becomes the first"
            + " admin's password. Set a longer one, or unset it to have one generated.",
        refused.getMessage());
    try (Database database = Database.open(config.databaseFile())) {
      assertEquals(0, new UserStore(database).count());
    }
  }

  @Test
  void aSecondServerOnTheSameDataDirectoryIsRefusedUntilTheFirstStops() {
    ServerConfig config = TestServer.config(dataDirectory);
    try (TestServer first = TestServer.start(config)) {
      IllegalStateException refused =
          assertThrows(IllegalStateException.class, () -> TestServer.start(config));
      assertTrue(
          refused.getMessage().startsWith("Another Loadline process (process "),
          refused.getMessage());
      assertTrue(refused.getMessage().contains("serve needs it alone"), refused.getMessage());
      first.adminToken();
    }
    try (TestServer again = TestServer.start(config)) {
      again.adminToken();
    }
  }

  @Test
  void theEnvironmentOverridesTheDefaultsAndSecretsStayOutOfToString() {
    ServerConfig config =
        ServerConfig.fromEnvironment(
            Map.of(
                "LOADLINE_PORT", "9090",
                "LOADLINE_DATA_DIR", "/var/lib/loadline",
                "LOADLINE_PLUGINS_DIR", "/opt/plugins",
                "LOADLINE_ADMIN_PASSWORD", "hunter2-hunter2",
                "LOADLINE_JWT_SECRET", "a-secret-value-that-must-not-be-printed"));

    assertEquals(9090, config.port());
    assertEquals("127.0.0.1", config.bindHost());
    assertEquals(Path.of("/var/lib/loadline", "loadline.db"), config.databaseFile());
    assertEquals(Path.of("/opt/plugins"), config.pluginsDirectory());
    assertEquals("hunter2-hunter2", config.adminPassword());
    assertFalse(config.toString().contains("hunter2"));
    assertFalse(config.toString().contains("a-secret-value"));
  }

  @Test
  void theEngineDefaultsComeFromTheEnvironmentAndBadValuesNameTheirVariable() {
    ServerConfig config =
        ServerConfig.fromEnvironment(
            Map.of(
                "LOADLINE_DEFAULT_TIMEOUT", "2500ms",
                "LOADLINE_MAX_IN_FLIGHT", "64",
                "LOADLINE_GRACEFUL_STOP", "1m"));

    assertEquals(Duration.ofMillis(2500), config.engineSettings().defaultTimeout());
    assertEquals(64, config.engineSettings().defaultMaxInFlight());
    assertEquals(Duration.ofMinutes(1), config.engineSettings().defaultGracefulStop());
    IllegalArgumentException badCap =
        assertThrows(
            IllegalArgumentException.class,
            () -> ServerConfig.fromEnvironment(Map.of("LOADLINE_MAX_IN_FLIGHT", "0")));
    assertTrue(badCap.getMessage().contains("LOADLINE_MAX_IN_FLIGHT"));
    IllegalArgumentException badTimeout =
        assertThrows(
            IllegalArgumentException.class,
            () -> ServerConfig.fromEnvironment(Map.of("LOADLINE_DEFAULT_TIMEOUT", "5")));
    assertTrue(badTimeout.getMessage().contains("LOADLINE_DEFAULT_TIMEOUT"));
    // A zero or negative default timeout would time out every request: refused like a plan's.
    for (String timeout : new String[] {"0s", "-1s"}) {
      IllegalArgumentException notPositive =
          assertThrows(
              IllegalArgumentException.class,
              () -> ServerConfig.fromEnvironment(Map.of("LOADLINE_DEFAULT_TIMEOUT", timeout)));
      assertTrue(
          notPositive.getMessage().startsWith("LOADLINE_DEFAULT_TIMEOUT must be above zero"),
          notPositive.getMessage());
    }
    assertEquals(
        Duration.ZERO,
        ServerConfig.fromEnvironment(Map.of("LOADLINE_GRACEFUL_STOP", "0s"))
            .engineSettings()
            .defaultGracefulStop());
  }

  @Test
  void theDefaultsArePrivateToThisMachine() {
    assertEquals(Duration.ofSeconds(30), ServerConfig.defaults().defaultTimeout());
    ServerConfig config = ServerConfig.fromEnvironment(Map.of());

    assertEquals(8080, config.port());
    assertEquals("127.0.0.1", config.bindHost());
    assertEquals(Path.of("data", "loadline.db"), config.databaseFile());
    assertEquals(Path.of("plugins"), config.pluginsDirectory());
    assertThrows(
        IllegalArgumentException.class,
        () -> ServerConfig.fromEnvironment(Map.of("LOADLINE_PORT", "eighty")));
  }
}
