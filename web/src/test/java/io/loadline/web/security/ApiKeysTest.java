package io.loadline.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.loadline.store.ApiKey;
import io.loadline.store.User;
import io.loadline.web.Plans;
import io.loadline.web.TestServer;
import io.loadline.web.auth.Role;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {

  @TempDir static Path dataDirectory;
  private static TestServer test;
  private static User operator;
  private static User viewer;
  private static String operatorToken;
  private static String viewerToken;

  @BeforeAll
  static void startServer() {
    test = TestServer.start(dataDirectory);
    operator = test.createUser("olga", "operator-password", "operator");
    viewer = test.createUser("victor", "viewer-password1", "viewer");
    operatorToken = test.tokenFor(operator);
    viewerToken = test.tokenFor(viewer);
  }

  @AfterAll
  static void stopServer() {
    test.close();
  }

  @Test
  void aKeyIsShownOnceStoredHashedAndAcceptedAsBearerOrHeader() throws Exception {
    JsonNode created = createKey(operatorToken, "{\"name\":\"ci\"}", 201);
    String key = created.get("key").asText();
    long id = created.get("apiKey").get("id").asLong();
    assertTrue(key.startsWith("ll_") && key.length() > 40, key);
    assertEquals("operator", created.get("apiKey").get("role").asText());

    ApiKey stored = test.server.security().apiKeys().store().find(id).orElseThrow();
    String sha256 =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    assertEquals(sha256, stored.keyHash());
    String listed = test.get("/api/v1/keys", operatorToken).body();
    assertFalse(listed.contains(key), listed);
    assertFalse(listed.contains(sha256), listed);

    assertEquals(200, test.get("/api/v1/plans", key).statusCode());
    HttpResponse<String> viaHeader =
        test.send(test.request("/api/v1/account").header("X-API-Key", key).GET());
    assertEquals(200, viaHeader.statusCode(), viaHeader.body());
    assertEquals(id, test.readJson(viaHeader.body()).get("apiKeyId").asLong());
    assertNotNull(test.server.security().apiKeys().store().find(id).orElseThrow().lastUsedAt());
  }

  @Test
  void aKeysRoleCannotExceedItsCreatorsAndAViewerKeyCannotChangeAnything() {
    createKey(viewerToken, "{\"name\":\"too-much\",\"role\":\"operator\"}", 403);
    String viewerKey =
        createKey(operatorToken, "{\"name\":\"read-only\",\"role\":\"viewer\"}", 201)
            .get("key")
            .asText();

    assertEquals(200, test.get("/api/v1/plans", viewerKey).statusCode());
    HttpResponse<String> create =
        test.send(
            test.request("/api/v1/plans", viewerKey)
                .header("Content-Type", "application/yaml")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Plans.yaml("k", test.url("/api/v1/health"), "1/s", "1s"))));
    assertEquals(403, create.statusCode(), create.body());
  }

  @Test
  void aKeyActsWithNoMoreThanItsOwnersCurrentRole() {
    User demoted = test.createUser("dmitri", "dmitri-password", "operator");
    String key =
        createKey(test.tokenFor(demoted), "{\"name\":\"deploy\"}", 201).get("key").asText();
    test.server.users().setRole(demoted.id(), "viewer");

    HttpResponse<String> create =
        test.send(
            test.request("/api/v1/plans", key)
                .header("Content-Type", "application/yaml")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Plans.yaml("k", test.url("/api/v1/health"), "1/s", "1s"))));
    assertEquals(403, create.statusCode(), create.body());
    assertEquals(
        "viewer", test.readJson(test.get("/api/v1/account", key).body()).get("role").asText());
  }

  @Test
  void aRevokedKeyIsRefusedAtOnce() {
    JsonNode created = createKey(viewerToken, "{\"name\":\"laptop\"}", 201);
    String key = created.get("key").asText();
    long id = created.get("apiKey").get("id").asLong();
    assertEquals(200, test.get("/api/v1/plans", key).statusCode());

    HttpResponse<String> revoked = test.sendJson("DELETE", "/api/v1/keys/" + id, viewerToken, "");

    assertEquals(200, revoked.statusCode(), revoked.body());
    assertNotNull(test.readJson(revoked.body()).get("revokedAt").asText());
    assertEquals(401, test.get("/api/v1/plans", key).statusCode());
    assertEquals(
        401, test.send(test.request("/api/v1/plans").header("X-API-Key", key).GET()).statusCode());
  }

  @Test
  void anExpiredUnknownOrOrphanedKeyIsRefused() {
    var expired =
        test.server
            .security()
            .apiKeys()
            .create(viewer, "old", Role.VIEWER, Instant.now().minusSeconds(1));
    assertEquals(401, test.get("/api/v1/plans", expired.secret()).statusCode());
    assertEquals(401, test.get("/api/v1/plans", "ll_not-a-key-we-issued").statusCode());

    User leaver = test.createUser("lena", "lena-password-1", "viewer");
    var orphaned = test.server.security().apiKeys().create(leaver, "ci", Role.VIEWER, null);
    assertEquals(200, test.get("/api/v1/plans", orphaned.secret()).statusCode());
    test.server.users().setDisabled(leaver.id(), true);
    assertEquals(401, test.get("/api/v1/plans", orphaned.secret()).statusCode());
  }

  @Test
  void anExpiryInThePastIsRefusedAndAFutureOneIsKept() {
    createKey(viewerToken, "{\"name\":\"x\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}", 400);
    JsonNode created =
        createKey(viewerToken, "{\"name\":\"y\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}", 201);
    assertEquals("2099-01-01T00:00:00Z", created.get("apiKey").get("expiresAt").asText());
  }

  @Test
  void anExpiryBeyondTheYear9999IsRefusedNamingTheRangeNotA500() {
    JsonNode refused =
        createKey(
            viewerToken, "{\"name\":\"far\",\"expiresAt\":\"+999999999-12-31T23:59:59Z\"}", 400);

    assertEquals(
        "Invalid request: 'expiresAt' must be from 1970-01-01T00:00:00Z to"
            + " 9999-12-31T23:59:59Z, was +999999999-12-31T23:59:59Z.",
        refused.get("error").asText());
    createKey(viewerToken, "{\"name\":\"last\",\"expiresAt\":\"9999-12-31T23:59:59Z\"}", 201);
  }

  @Test
  void aKeyCannotCreateKeysAndOnlyAnAdminCreatesKeysForOthers() {
    String key = createKey(operatorToken, "{\"name\":\"k\"}", 201).get("key").asText();
    createKey(key, "{\"name\":\"child\"}", 403);
    createKey(operatorToken, "{\"name\":\"for-victor\",\"userId\":" + viewer.id() + "}", 403);

    JsonNode forViewer =
        createKey(
            test.adminToken(), "{\"name\":\"for-victor\",\"userId\":" + viewer.id() + "}", 201);
    assertEquals(viewer.id(), forViewer.get("apiKey").get("userId").asLong());
    assertEquals("viewer", forViewer.get("apiKey").get("role").asText());
  }

  @Test
  void everySessionOnlyActionRefusesAnApiKeyWith403SayingItNeedsALoginSession() {
    String key = createKey(operatorToken, "{\"name\":\"session-only\"}", 201).get("key").asText();
    String password = "{\"currentPassword\":\"x\",\"newPassword\":\"long-enough-password\"}";
    Map<String, HttpResponse<String>> refusals = new LinkedHashMap<>();
    refusals.put("create API keys", test.sendJson("POST", "/api/v1/keys", key, "{\"name\":\"c\"}"));
    refusals.put(
        "change a password", test.sendJson("PUT", "/api/v1/account/password", key, password));
    refusals.put("log out", test.sendJson("POST", "/api/v1/auth/logout", key, ""));

    assertEachNeedsALoginSession(refusals);
    assertEquals(200, test.get("/api/v1/plans", key).statusCode(), "the key still works");
  }

  @Test
  void anAdminsKeyCannotCreateOrChangeUsersNorResetAPasswordButMayReadUsers() {
    String key = createKey(test.adminToken(), "{\"name\":\"admin-ci\"}", 201).get("key").asText();
    User target = test.createUser("tara", "tara-password-1", "viewer");
    String user = "/api/v1/users/" + target.id();
    Map<String, HttpResponse<String>> refusals = new LinkedHashMap<>();
    refusals.put(
        "create users",
        sendWithKeyHeader(
            "POST",
            "/api/v1/users",
            key,
            "{\"username\":\"mallory\",\"password\":\"mallory-password\",\"role\":\"admin\"}"));
    refusals.put(
        "change a user's role",
        sendWithKeyHeader("PUT", user + "/role", key, "{\"role\":\"admin\"}"));
    refusals.put("disable users", sendWithKeyHeader("POST", user + "/disable", key, ""));
    refusals.put("enable users", sendWithKeyHeader("POST", user + "/enable", key, ""));
    refusals.put(
        "reset a password",
        sendWithKeyHeader("PUT", user + "/password", key, "{\"password\":\"taken-over-pass\"}"));
    refusals.put("delete users", sendWithKeyHeader("DELETE", user, key, ""));

    assertEachNeedsALoginSession(refusals);
    assertTrue(test.server.users().findByUsername("mallory").isEmpty());
    assertEquals(target, test.server.users().find(target.id()).orElseThrow());
    assertEquals(200, test.get("/api/v1/users", key).statusCode(), "a key may read users");
    assertEquals(200, test.get(user, key).statusCode());
  }

  @Test
  void anotherUsersKeyIsNotFoundForANonAdmin() {
    long id = createKey(operatorToken, "{\"name\":\"mine\"}", 201).get("apiKey").get("id").asLong();
    assertEquals(404, test.sendJson("DELETE", "/api/v1/keys/" + id, viewerToken, "").statusCode());
    assertNull(test.server.security().apiKeys().store().find(id).orElseThrow().revokedAt());
  }

  /** Each answer, keyed by the action refused, is the one 403 every session-only route gives. */
  private static void assertEachNeedsALoginSession(Map<String, HttpResponse<String>> refusals) {
    refusals.forEach(
        (what, response) -> {
          assertEquals(403, response.statusCode(), what + ": " + response.body());
          assertEquals(
              "An API key cannot "
                  + what
                  + "; this needs a login session, not an API key: sign in with a password"
                  + " (to end a key's access, revoke the key).",
              test.readJson(response.body()).get("error").asText());
        });
  }

  private static HttpResponse<String> sendWithKeyHeader(
      String method, String path, String key, String body) {
    return test.send(
        test.request(path)
            .header("X-API-Key", key)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  private static JsonNode createKey(String token, String body, int expectedStatus) {
    HttpResponse<String> response = test.sendJson("POST", "/api/v1/keys", token, body);
    assertEquals(expectedStatus, response.statusCode(), response.body());
    return test.readJson(response.body());
  }
}
