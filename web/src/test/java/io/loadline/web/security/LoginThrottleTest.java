package io.loadline.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.store.AuditEntry;
import io.loadline.store.Database;
import io.loadline.store.LoginFailureStore;
import io.loadline.web.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginThrottleTest {

  private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");

  @TempDir static Path dataDirectory;
  private static TestServer test;
  private static Database ownDatabase;

  @BeforeAll
  static void startServer() {
    test = TestServer.start(dataDirectory);
    test.createUser("tess", "tess-password-1", "viewer");
    test.createUser("tom", "tom-password-12", "viewer");
    ownDatabase = Database.open(dataDirectory.resolve("throttle-only.db"));
  }

  @AfterAll
  static void stopServer() {
    test.close();
    ownDatabase.close();
  }

  @Test
  void afterFiveFailuresForAUserEvenTheRightPasswordWaitsWith429AndRetryAfter() {
    for (int attempt = 1; attempt <= LoginThrottle.FREE_FAILURES_PER_USER; attempt++) {
      assertEquals(401, login("tess", "wrong-" + attempt).statusCode());
    }

    HttpResponse<String> throttled = login("TESS", "tess-password-1");

    assertEquals(429, throttled.statusCode(), throttled.body());
    long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 300, String.valueOf(retryAfter));
    assertTrue(test.readJson(throttled.body()).get("error").asText().contains("Too many"));
    List<AuditEntry> audit = test.server.security().auditLog().list(1);
    assertEquals("login", audit.get(0).action());
    assertEquals("TESS", audit.get(0).actor());
    assertEquals("denied", audit.get(0).outcome());
  }

  @Test
  void anotherUsersLoginIsNotSlowedByThatUsersFailures() {
    for (int attempt = 1; attempt <= LoginThrottle.FREE_FAILURES_PER_USER; attempt++) {
      login("nobody-" + attempt, "wrong");
    }
    assertEquals(200, login("tom", "tom-password-12").statusCode());
  }

  @Test
  void theWaitDoublesWithEachFailureBeyondTheFreeOnesUpToTheCap() {
    LoginThrottle throttle = throttleAt(START);
    Instant now = START;
    for (int failure = 1; failure < LoginThrottle.FREE_FAILURES_PER_USER; failure++) {
      throttle.recordFailure("ann", "10.0.0." + failure, now);
      assertEquals(Duration.ZERO, throttle.waitBeforeNextAttempt("ann", "10.0.0.99", now));
    }
    List<Duration> waits = new ArrayList<>();
    for (int failure = 0; failure < 12; failure++) {
      throttle.recordFailure("ann", "10.0.0.1", now);
      waits.add(throttle.waitBeforeNextAttempt("Ann", "10.0.0.99", now));
      now = now.plusSeconds(1);
    }

    assertEquals(Duration.ofSeconds(1), waits.get(0));
    assertEquals(Duration.ofSeconds(2), waits.get(1));
    assertEquals(Duration.ofSeconds(4), waits.get(2));
    assertEquals(LoginThrottle.MAX_LOCKOUT, waits.get(11));
    Instant later = now.plus(LoginThrottle.FAILURE_WINDOW).plusSeconds(1);
    assertEquals(Duration.ZERO, throttle.waitBeforeNextAttempt("ann", "10.0.0.99", later));
    throttle.recordSuccess("ann");
    assertEquals(Duration.ZERO, throttle.waitBeforeNextAttempt("ann", "10.0.0.99", now));
  }

  @Test
  void manyFailuresFromOneAddressSlowEveryUsernameFromIt() {
    LoginThrottle throttle = throttleAt(START);
    Instant now = START;
    for (int failure = 0; failure <= LoginThrottle.FREE_FAILURES_PER_ADDRESS; failure++) {
      throttle.recordFailure("user" + failure, "192.0.2.7", now);
    }
    assertTrue(throttle.waitBeforeNextAttempt("someone-new", "192.0.2.7", now).isPositive());
    assertEquals(Duration.ZERO, throttle.waitBeforeNextAttempt("someone-new", "192.0.2.8", now));
  }

  @Test
  void wrongCurrentPasswordsOnAPasswordChangeCountLikeFailedLogins() {
    test.createUser("pam", "pam-password-12", "viewer");
    String session = test.login("pam", "pam-password-12");
    for (int attempt = 1; attempt <= LoginThrottle.FREE_FAILURES_PER_USER; attempt++) {
      assertEquals(403, changePassword(session, "wrong-" + attempt).statusCode());
    }

    HttpResponse<String> refused = changePassword(session, "pam-password-12");

    assertEquals(429, refused.statusCode(), refused.body());
    assertTrue(refused.headers().firstValue("Retry-After").isPresent());
    assertEquals(429, login("pam", "pam-password-12").statusCode(), "the login shares the count");
  }

  @Test
  void anEnormousUsernameIsStoredShort() {
    Instant now = START.plusSeconds(7200);
    throttleAt(now).recordFailure("x".repeat(900_000), "198.51.100.9", now);

    int longest =
        new LoginFailureStore(ownDatabase)
            .loadSince(now.minusSeconds(1)).keySet().stream()
                .mapToInt(String::length)
                .max()
                .orElseThrow();
    assertTrue(longest <= 70, "longest stored key: " + longest);
  }

  private static HttpResponse<String> changePassword(String session, String current) {
    return test.sendJson(
        "PUT",
        "/api/v1/account/password",
        session,
        "{\"currentPassword\":\"" + current + "\",\"newPassword\":\"pam-new-password-3\"}");
  }

  @Test
  void aNewThrottleOnTheSameDatabaseKeepsTheCountsOfTheOldOneWithinTheWindow() {
    Instant now = START.plusSeconds(3600);
    LoginThrottle beforeRestart = throttleAt(now);
    for (int failure = 0; failure <= LoginThrottle.FREE_FAILURES_PER_USER; failure++) {
      beforeRestart.recordFailure("carl", "198.51.100.4", now);
    }
    assertEquals(Duration.ofSeconds(2), beforeRestart.waitBeforeNextAttempt("carl", "x", now));

    Instant restartedAt = now.plusSeconds(1);
    LoginThrottle afterRestart = throttleAt(restartedAt);
    assertEquals(
        Duration.ofSeconds(1), afterRestart.waitBeforeNextAttempt("carl", "x", restartedAt));

    afterRestart.recordSuccess("carl");
    assertEquals(Duration.ZERO, throttleAt(restartedAt).waitBeforeNextAttempt("carl", "x", now));
    Instant pastTheWindow = now.plus(LoginThrottle.FAILURE_WINDOW).plusSeconds(1);
    assertEquals(
        Duration.ZERO,
        throttleAt(pastTheWindow).waitBeforeNextAttempt("other", "198.51.100.4", now));
  }

  @Test
  void aRestartedServerRemembersTheFailuresBeforeIt(@TempDir Path ownDataDirectory) {
    TestServer first = TestServer.start(ownDataDirectory);
    try {
      first.createUser("rita", "rita-password-1", "viewer");
      for (int attempt = 1; attempt <= LoginThrottle.FREE_FAILURES_PER_USER; attempt++) {
        assertEquals(401, loginTo(first, "rita", "wrong-" + attempt).statusCode());
      }
    } finally {
      first.close();
    }
    TestServer second = TestServer.start(ownDataDirectory);
    try {
      // Within the 1 s wait the five failures earned, the attempt is refused at once. A restart
      // that outlasts it lets a sixth failure through, which earns 2 s; only a server that
      // remembers the first five then refuses the right password. A fresh count gives 401, 200.
      HttpResponse<String> refused = loginTo(second, "rita", "wrong-6");
      if (refused.statusCode() == 401) {
        refused = loginTo(second, "rita", "rita-password-1");
      }
      assertEquals(429, refused.statusCode(), refused.body());
      assertTrue(refused.headers().firstValue("Retry-After").isPresent());
    } finally {
      second.close();
    }
  }

  /** A throttle over a database of its own whose clock reads {@code now}. */
  private static LoginThrottle throttleAt(Instant now) {
    return new LoginThrottle(
        new LoginFailureStore(ownDatabase), test.json, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static HttpResponse<String> login(String username, String password) {
    return loginTo(test, username, password);
  }

  private static HttpResponse<String> loginTo(TestServer server, String username, String password) {
    return server.sendJson(
        "POST",
        "/api/v1/auth/login",
        null,
        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
  }
}
