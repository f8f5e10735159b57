package io.loadline.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.store.AuditEntry;
import io.loadline.web.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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

  private static HttpResponse<String> login(String username, String password) {
    return test.sendJson(
        "POST",
        "/api/v1/auth/login",
        null,
        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
  }
}
