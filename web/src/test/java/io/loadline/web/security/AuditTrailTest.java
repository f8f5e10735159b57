package io.loadline.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.loadline.store.User;
import io.loadline.web.Plans;
import io.loadline.web.TestServer;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptance story of issue 6, read back by an admin from the audit log, in order. */
class AuditTrailTest {

  @TempDir static Path dataDirectory;
  private static TestServer test;
  private static User vera;

  @BeforeAll
  static void startServer() {
    test = TestServer.start(dataDirectory);
    vera = test.createUser("vera", "viewer-password", "viewer");
  }

  @AfterAll
  static void stopServer() {
    test.close();
  }

  @Test
  void anAdminSeesEveryLoginChangeAndRefusalInOrder() throws Exception {
    List<io.loadline.store.AuditEntry> earlier = test.server.security().auditLog().list(1);
    long mark = earlier.isEmpty() ? 0 : earlier.get(0).id();
    String admin = test.adminToken();
    long planId = createPlan(admin);
    loginStatus("vera", "wrong-password", 401);
    refusedToken(forged());
    refusedToken(signed(Instant.now().minus(5, ChronoUnit.MINUTES)));
    refusedToken(algorithmNone());
    String veraToken = test.login("vera", "viewer-password");
    HttpResponse<String> start =
        test.send(
            test.request("/api/v1/plans/" + planId + "/runs", veraToken)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals(403, start.statusCode(), start.body());
    JsonNode key =
        test.readJson(test.sendJson("POST", "/api/v1/keys", veraToken, "{\"name\":\"ci\"}").body());
    long keyId = key.get("apiKey").get("id").asLong();
    assertEquals(200, test.sendJson("DELETE", "/api/v1/keys/" + keyId, veraToken, "").statusCode());
    refusedToken(key.get("key").asText());
    assertEquals(204, test.sendJson("POST", "/api/v1/auth/logout", veraToken, "").statusCode());
    refusedToken(veraToken);
    User dora = test.createUser("dora", "dora-password-1", "operator");
    String doraToken = test.tokenFor(dora);
    assertEquals(
        200,
        test.sendJson("POST", "/api/v1/users/" + dora.id() + "/disable", admin, "").statusCode());
    refusedToken(doraToken);

    HttpResponse<String> audit = test.get("/api/v1/audit?limit=1000", admin);

    assertEquals(200, audit.statusCode(), audit.body());
    List<String> rows = new ArrayList<>();
    List<JsonNode> story = new ArrayList<>();
    Instant previous = Instant.EPOCH;
    for (JsonNode row : test.readJson(audit.body())) {
      if (row.get("id").asLong() <= mark) {
        continue;
      }
      story.add(row);
      rows.add(
          row.get("actor").asText()
              + " "
              + row.get("action").asText()
              + " "
              + row.get("outcome").asText());
      Instant at = Instant.parse(row.get("at").asText());
      assertFalse(at.isBefore(previous), audit.body());
      previous = at;
      assertNotNull(row.get("requestId").textValue(), row.toString());
      assertEquals("127.0.0.1", row.get("address").asText(), row.toString());
    }
    assertEquals(
        List.of(
            "admin login ok",
            "admin plan.create ok",
            "vera login failed",
            "anonymous access denied",
            "anonymous access denied",
            "anonymous access denied",
            "vera login ok",
            "vera run.start denied",
            "vera key.create ok",
            "vera key.revoke ok",
            "anonymous access denied",
            "vera logout ok",
            "anonymous access denied",
            "admin user.disable ok",
            "anonymous access denied"),
        rows);
    JsonNode denied = story.get(7);
    assertEquals("viewer", denied.get("role").asText());
    assertEquals("plan:" + planId, denied.get("target").asText());
  }

  @Test
  void theAuditIsFilteredByActorOutcomeAndTimeAndExportedAsCsv() throws Exception {
    String admin = test.adminToken();
    Instant before = Instant.now().minusSeconds(1);
    loginStatus("vera", "not-it-either", 401);
    HttpResponse<String> filtered =
        test.get("/api/v1/audit?actor=vera&outcome=failed&from=" + before, admin);
    JsonNode rows = test.readJson(filtered.body());
    assertTrue(rows.size() >= 1, filtered.body());
    for (JsonNode row : rows) {
      assertEquals("vera", row.get("actor").asText());
      assertEquals("failed", row.get("outcome").asText());
    }
    assertEquals(400, test.get("/api/v1/audit?from=yesterday&limit=0", admin).statusCode());

    HttpResponse<String> csv = test.get("/api/v1/audit/export?actor=vera&outcome=failed", admin);
    assertEquals(200, csv.statusCode());
    assertTrue(csv.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
    List<CSVRecord> records =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(csv.body()))
            .getRecords();
    assertTrue(records.size() >= rows.size(), csv.body());
    assertEquals("vera", records.get(0).get("actor"));
    assertEquals("login", records.get(0).get("action"));
  }

  @Test
  void anAuditInstantBeyondTheStoredRangeIsRefusedNamingTheFilterAndTheRange() {
    String admin = test.adminToken();
    String range = " must be from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z";
    for (String path : List.of("/api/v1/audit", "/api/v1/audit/export")) {
      HttpResponse<String> early = test.get(path + "?from=-999999999-01-01T00:00:00Z", admin);
      assertEquals(400, early.statusCode(), early.body());
      assertEquals(
          "Invalid audit filter: from" + range + ".",
          test.readJson(early.body()).get("error").asText());
      HttpResponse<String> late = test.get(path + "?to=%2B999999999-12-31T23:59:59Z", admin);
      assertEquals(400, late.statusCode(), late.body());
      assertTrue(late.body().contains("to" + range), late.body());
    }
    User root = test.server.users().findByUsername("admin").orElseThrow();
    var session = test.server.tokens().issue(root);
    HttpResponse<String> dashboard =
        page("/audit?to=%2B999999999-12-31T23:59:59Z", session.token());
    assertEquals(400, dashboard.statusCode(), dashboard.body());
    assertTrue(dashboard.body().contains("to" + range), dashboard.body());
  }

  @Test
  void aFormulaInAnAuditCellIsExportedAsText() {
    assertEquals("'=HYPERLINK(\"x\")", AuditApi.inert("=HYPERLINK(\"x\")"));
    assertEquals("'+1", AuditApi.inert("+1"));
    assertEquals("-", AuditApi.inert("-"));
    assertEquals("vera", AuditApi.inert("vera"));
  }

  @Test
  void onlyAnAdminReadsTheAuditOverTheApiOrTheDashboard() {
    User otto = test.createUser("otto", "operator-password", "operator");
    var ottoSession = test.server.tokens().issue(otto);
    assertEquals(403, test.get("/api/v1/audit", ottoSession.token()).statusCode());
    assertEquals(403, page("/audit", ottoSession.token()).statusCode());

    User root = test.server.users().findByUsername("admin").orElseThrow();
    var adminSession = test.server.tokens().issue(root);
    HttpResponse<String> page = page("/audit?action=login", adminSession.token());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("Audit log"), page.body());
    assertTrue(page.body().contains("<td>login</td>"), page.body());
    HttpResponse<String> export = page("/audit/export?action=login", adminSession.token());
    assertEquals(200, export.statusCode());
    assertTrue(export.body().startsWith("id,at,actor,role,action,target,outcome"), export.body());
  }

  @Test
  void theDashboardLogoutRevokesTheSessionTokenAtOnce() {
    User root = test.server.users().findByUsername("admin").orElseThrow();
    var session = test.server.tokens().issue(root);
    assertEquals(200, page("/", session.token()).statusCode());

    HttpResponse<String> logout =
        test.send(
            test.request("/logout")
                .header("Cookie", "loadline_session=" + session.token())
                .header("X-CSRF-Token", test.server.tokens().csrfToken(session.tokenId()))
                .POST(HttpRequest.BodyPublishers.noBody()));

    assertEquals(303, logout.statusCode());
    assertEquals(303, page("/", session.token()).statusCode()); // back to the login page
    assertEquals(401, test.get("/api/v1/plans", session.token()).statusCode());
  }

  private static HttpResponse<String> page(String path, String sessionToken) {
    return test.send(test.request(path).header("Cookie", "loadline_session=" + sessionToken).GET());
  }

  private static long createPlan(String token) {
    HttpResponse<String> created =
        test.send(
            test.request("/api/v1/plans", token)
                .header("Content-Type", "application/yaml")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Plans.yaml("audited", test.url("/api/v1/health"), "1/s", "1s"))));
    assertEquals(201, created.statusCode(), created.body());
    return test.readJson(created.body()).get("id").asLong();
  }

  private static void refusedToken(String token) {
    HttpResponse<String> response = test.get("/api/v1/plans", token);
    assertEquals(401, response.statusCode(), response.body());
  }

  private static void loginStatus(String username, String password, int expected) {
    HttpResponse<String> response =
        test.sendJson(
            "POST",
            "/api/v1/auth/login",
            null,
            "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    assertEquals(expected, response.statusCode(), response.body());
  }

  private static String forged() {
    return JWT.create()
        .withIssuer("loadline")
        .withAudience("loadline-api")
        .withSubject("vera")
        .withClaim("uid", vera.id())
        .withJWTId("forged")
        .withExpiresAt(Instant.now().plus(1, ChronoUnit.HOURS))
        .sign(Algorithm.HMAC256("some-other-secret-that-is-also-long-enough"));
  }

  private static String signed(Instant expiresAt) {
    return JWT.create()
        .withIssuer("loadline")
        .withAudience("loadline-api")
        .withSubject("vera")
        .withClaim("uid", vera.id())
        .withJWTId("expired")
        .withExpiresAt(expiresAt)
        .sign(Algorithm.HMAC256(TestServer.JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
  }

  private static String algorithmNone() {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String header = base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    String payload =
        base64.encodeToString(
            ("{\"iss\":\"loadline\",\"aud\":\"loadline-api\",\"sub\":\"vera\",\"uid\":"
                    + vera.id()
                    + ",\"jti\":\"n\",\"exp\":"
                    + Instant.now().plus(1, ChronoUnit.HOURS).getEpochSecond()
                    + "}")
                .getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + ".";
  }
}
