package io.loadline.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Request;
import io.javalin.testtools.Response;
import io.javalin.testtools.TestConfig;
import io.loadline.store.AuditEntry;
import io.loadline.store.User;
import io.loadline.web.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Security headers, inert hostile input, and no secret anywhere it could leak. Runs the real server
 * through javalin-testtools, with a client that follows no redirects and keeps no cookies.
 */
class HygieneTest {

  private static final String HOSTILE_NAME = "'; DROP TABLE runs; -- <script>alert(1)</script>";
  private static final String HOSTILE_USERNAME = "<script>alert(2)</script>'; DROP TABLE users; --";
  private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>");
  private static final Pattern INLINE_HANDLER = Pattern.compile("\\son[a-z]+\\s*=");
  private static final TestConfig NO_COOKIE_JAR =
      new TestConfig(
          false,
          false,
          java.net.http.HttpClient.newBuilder()
              .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
              .build());

  @TempDir Path dataDirectory;

  @Test
  void everyKindOfAnswerCarriesTheSecurityHeaders() {
    TestServer test = TestServer.create(dataDirectory);
    JavalinTest.test(
        test.server.app(),
        NO_COOKIE_JAR,
        (app, client) -> {
          for (String path :
              List.of(
                  "/api/v1/health",
                  "/api/v1/plans",
                  "/login",
                  "/",
                  "/no-such-page",
                  "/static/loadline.css")) {
            Response response = client.get(path);
            io.javalin.testtools.HttpHeaders headers = response.headers();
            String csp = first(headers, "Content-Security-Policy");
            assertTrue(csp.contains("script-src 'self'"), path + ": " + csp);
            assertTrue(csp.contains("frame-ancestors 'none'"), path + ": " + csp);
            assertFalse(csp.contains("unsafe-inline"), path + ": " + csp);
            assertFalse(csp.contains("unsafe-eval"), path + ": " + csp);
            assertEquals("nosniff", first(headers, "X-Content-Type-Options"), path);
            assertEquals("DENY", first(headers, "X-Frame-Options"), path);
            assertEquals("same-origin", first(headers, "Referrer-Policy"), path);
            if (path.startsWith("/api/")) {
              assertEquals("no-store", first(headers, "Cache-Control"), path);
            }
          }
        });
    test.close();
  }

  @Test
  void hostileTextIsStoredVerbatimAndShownInert() {
    TestServer test = TestServer.create(dataDirectory);
    JavalinTest.test(
        test.server.app(),
        NO_COOKIE_JAR,
        (app, client) -> {
          String admin = token(client, "admin", TestServer.ADMIN_PASSWORD);
          Response created =
              client.request(
                  "/api/v1/plans",
                  bearer(admin)
                      .header("Content-Type", "application/json")
                      .post(
                          jsonBody(
                              Map.of(
                                  "name",
                                  HOSTILE_NAME,
                                  "scenarios",
                                  List.of(
                                      Map.of(
                                          "name", "<b>bold</b>",
                                          "load",
                                              Map.of(
                                                  "model",
                                                  "constant",
                                                  "rate",
                                                  "1/s",
                                                  "duration",
                                                  "1s"),
                                          "steps",
                                              List.of(
                                                  Map.of(
                                                      "request",
                                                      Map.of(
                                                          "method",
                                                          "GET",
                                                          "url",
                                                          "http://127.0.0.1:"
                                                              + app.port()
                                                              + "/api/v1/health")))))),
                              test)));
          assertEquals(201, created.code(), created.body().string());
          long id = test.readJson(created.body().string()).get("id").asLong();

          String stored = client.request("/api/v1/plans/" + id, bearer(admin)).body().string();
          assertEquals(HOSTILE_NAME, test.readJson(stored).get("name").asText());
          assertEquals(200, client.request("/api/v1/runs", bearer(admin)).code());
          client.request(
              "/api/v1/auth/login",
              new Request.Builder()
                  .header("Content-Type", "application/json")
                  .post(jsonBody(Map.of("username", HOSTILE_USERNAME, "password", "x"), test)));

          String session = "loadline_session=" + admin;
          for (String page : List.of("/", "/plans/" + id, "/audit")) {
            String html =
                client
                    .request(page, new Request.Builder().header("Cookie", session))
                    .body()
                    .string();
            assertFalse(html.contains("<script>alert("), page + ": " + html);
            assertFalse(html.contains("<b>bold</b>"), page);
            assertFalse(INLINE_SCRIPT.matcher(html).find(), page + " has an inline script");
            assertFalse(INLINE_HANDLER.matcher(html).find(), page + " has an inline handler");
            assertFalse(html.contains("style=\""), page + " has an inline style");
          }
          String home =
              client.request("/", new Request.Builder().header("Cookie", session)).body().string();
          assertTrue(home.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), home);
          assertTrue(home.contains("DROP TABLE runs; --"), home);
          String audit =
              client
                  .request("/audit", new Request.Builder().header("Cookie", session))
                  .body()
                  .string();
          assertTrue(audit.contains("&lt;script&gt;alert(2)&lt;/script&gt;"), audit);
          List<AuditEntry> rows = test.server.security().auditLog().list(50);
          assertTrue(rows.stream().anyMatch(row -> row.actor().equals(HOSTILE_USERNAME)));
        });
    test.close();
  }

  @Test
  void noSecretReachesALogLineAnErrorAnAnswerTheAuditOrItsExport() {
    ListAppender<ILoggingEvent> captured = captureLogs();
    TestServer test = TestServer.create(dataDirectory);
    List<String> secrets =
        new ArrayList<>(List.of(TestServer.JWT_SECRET, TestServer.ADMIN_PASSWORD));
    List<String> answers = new ArrayList<>();
    try {
      JavalinTest.test(
          test.server.app(),
          NO_COOKIE_JAR,
          (app, client) -> {
            String admin = token(client, "admin", TestServer.ADMIN_PASSWORD);
            secrets.add(admin);
            answers.add(
                post(
                    client,
                    "/api/v1/auth/login",
                    null,
                    "{\"username\":\"admin\",\"password\":\"wrong-secret-password-1\"}"));
            secrets.add("wrong-secret-password-1");
            answers.add(
                post(
                    client,
                    "/api/v1/auth/login",
                    null,
                    "{\"username\":\"admin\",\"password\":\"unterminated-secret-2"));
            secrets.add("unterminated-secret-2");
            answers.add(
                post(
                    client,
                    "/api/v1/users",
                    admin,
                    "{\"username\":\"sam\",\"password\":\"sams-secret-password-3\","
                        + "\"role\":\"operator\"}"));
            secrets.add("sams-secret-password-3");
            User sam = test.server.users().findByUsername("sam").orElseThrow();
            answers.add(
                put(
                    client,
                    "/api/v1/users/" + sam.id() + "/password",
                    admin,
                    "{\"password\":\"sams-reset-password-4\"}"));
            secrets.add("sams-reset-password-4");
            answers.add(
                put(
                    client,
                    "/api/v1/users/" + sam.id() + "/password",
                    admin,
                    "{\"password\":\"short-5\"}"));
            secrets.add("short-5");
            String samToken = token(client, "sam", "sams-reset-password-4");
            secrets.add(samToken);
            // The answer is the one place the new session token belongs, so it is not searched.
            String changed =
                put(
                    client,
                    "/api/v1/account/password",
                    samToken,
                    "{\"currentPassword\":\"sams-reset-password-4\","
                        + "\"newPassword\":\"sams-own-password-6\"}");
            secrets.add("sams-own-password-6");
            assertFalse(changed.contains("sams-own-password-6"), changed);
            samToken = test.readJson(changed).get("token").asText();
            secrets.add(samToken);
            String created = post(client, "/api/v1/keys", samToken, "{\"name\":\"ci\"}");
            String key = test.readJson(created).get("key").asText();
            secrets.add(key);
            answers.add(client.request("/api/v1/plans", bearer(key)).body().string());
            answers.add(client.request("/api/v1/keys", bearer(samToken)).body().string());
            answers.add(client.request("/api/v1/audit?limit=1000", bearer(admin)).body().string());
            answers.add(
                client.request("/api/v1/audit/export?limit=1000", bearer(admin)).body().string());
          });
    } finally {
      detach(captured);
      test.close();
    }

    List<String> places = new ArrayList<>(answers);
    places.add(test.console.toString());
    for (ILoggingEvent event : captured.list) {
      places.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        places.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
    }
    assertFalse(captured.list.isEmpty(), "no log lines were captured");
    for (String secret : secrets) {
      for (String place : places) {
        assertFalse(place.contains(secret), "a secret leaked into: " + place);
      }
    }
  }

  private static ListAppender<ILoggingEvent> captureLogs() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.setContext(context);
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    context.getLogger("io.loadline").setLevel(Level.DEBUG);
    return appender;
  }

  private static void detach(ListAppender<ILoggingEvent> appender) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    context.getLogger("io.loadline").setLevel(null);
    appender.stop();
  }

  private static String token(HttpClient client, String username, String password) {
    String answer =
        post(
            client,
            "/api/v1/auth/login",
            null,
            "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    return answer.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
  }

  private static String post(HttpClient client, String path, String token, String json) {
    return send(client, path, token, json, "POST");
  }

  private static String put(HttpClient client, String path, String token, String json) {
    return send(client, path, token, json, "PUT");
  }

  private static String send(
      HttpClient client, String path, String token, String json, String method) {
    Request.Builder request =
        (token == null ? new Request.Builder() : bearer(token))
            .header("Content-Type", "application/json");
    var body = java.net.http.HttpRequest.BodyPublishers.ofString(json);
    request = method.equals("POST") ? request.post(body) : request.put(body);
    return client.request(path, request).body().string();
  }

  private static Request.Builder bearer(String token) {
    return new Request.Builder().header("Authorization", "Bearer " + token);
  }

  private static java.net.http.HttpRequest.BodyPublisher jsonBody(Object value, TestServer test) {
    try {
      return java.net.http.HttpRequest.BodyPublishers.ofString(test.json.writeValueAsString(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static String first(io.javalin.testtools.HttpHeaders headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }
}
