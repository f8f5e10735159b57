package io.loadline.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.store.AuditEntry;
import io.loadline.web.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginThrottleTest {

  @TempDir static Path dataDirectory;
  private static TestServer test;

  @BeforeAll
  static void startServer() {
    test = TestServer.start(dataDirectory);
    test.createUser("tess", "tess-password-1", "viewer");
    test.createUser("tom", "tom-password-12", "viewer");
  }

  @AfterAll
  static void stopServer() {
    test.close();
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
    LoginThrottle throttle = new LoginThrottle(test.json, Clock.systemUTC());
    Instant start = Instant.parse("2026-12-03T10:00:00Z");
    Instant now = start;
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
    LoginThrottle throttle = new LoginThrottle(test.json, Clock.systemUTC());
    Instant now = Instant.parse("2026-12-03T10:00:00Z");
    for (int failure = 0; failure <= LoginThrottle.FREE_FAILURES_PER_ADDRESS; failure++) {
      throttle.recordFailure("user" + failure, "192.0.2.7", now);
    }
    assertTrue(throttle.waitBeforeNextAttempt("someone-new", "192.0.2.7", now).isPositive());
    assertEquals(Duration.ZERO, throttle.waitBeforeNextAttempt("someone-new", "192.0.2.8", now));
  }

  private static HttpResponse<String> login(String username, String password) {
    return test.sendJson(
        "POST",
        "/api/v1/auth/login",
        null,
        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
  }
}
