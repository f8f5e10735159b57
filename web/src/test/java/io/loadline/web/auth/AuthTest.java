package io.loadline.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HandlerType;
import io.loadline.store.AuditEntry;
import io.loadline.store.AuditLog;
import io.loadline.store.User;
import io.loadline.web.TestServer;
import io.loadline.web.http.Route;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthTest {

  @TempDir static java.nio.file.Path dataDirectory;

  private static TestServer test;
  private static User viewer;

  @BeforeAll
  static void startServer() {
    test = TestServer.start(dataDirectory);
    viewer = test.createUser("vera", "viewer-password", "viewer");
  }

  @AfterAll
  static void stopServer() {
    test.close();
  }

  @Test
  void everyApiRouteButLoginAndHealthRefusesARequestWithoutAToken() {
    List<Route> apiRoutes = test.server.routes().routes().stream().filter(Route::isApi).toList();
    Set<String> publicApiRoutes =
        apiRoutes.stream()
            .filter(route -> route.access() == Access.PUBLIC)
            .map(route -> route.method() + " " + route.path())
            .collect(Collectors.toSet());
    assertEquals(Set.of("POST /api/v1/auth/login", "GET /api/v1/health"), publicApiRoutes);

    for (Route route : apiRoutes) {
      if (route.access() == Access.PUBLIC) {
        continue;
      }
      HttpResponse<String> response = test.send(withoutToken(route));
      assertEquals(401, response.statusCode(), route + " answered " + response.body());
      assertTrue(test.readJson(response.body()).has("error"), route.toString());
    }
  }

  @Test
  void everyDashboardPageButLoginSendsAStrangerToTheLoginPage() {
    List<Route> pages = test.server.routes().routes().stream().filter(r -> !r.isApi()).toList();
    Set<String> publicPages =
        pages.stream()
            .filter(route -> route.access() == Access.PUBLIC)
            .map(route -> route.method() + " " + route.path())
            .collect(Collectors.toSet());
    // /health, /ready and /metrics are for monitoring; /metrics checks its own scrape token.
    assertEquals(
        Set.of("GET /login", "POST /login", "GET /health", "GET /ready", "GET /metrics"),
        publicPages);

    for (Route route : pages) {
      if (route.access() == Access.PUBLIC) {
        continue;
      }
      HttpResponse<String> response = test.send(withoutToken(route));
      assertEquals(303, response.statusCode(), route.toString());
      assertEquals("/login", response.headers().firstValue("Location").orElseThrow());
    }
  }

  @Test
  void healthIsOpenToAnyone() {
    for (String path : List.of("/api/v1/health", "/health")) {
      HttpResponse<String> response = test.send(test.request(path).GET());
      assertEquals(200, response.statusCode(), path);
      assertEquals("{\"status\":\"up\"}", response.body(), path);
    }
  }

  @Test
  void loginGivesATokenThatOpensTheApi() {
    HttpResponse<String> login =
        postLogin("{\"username\":\"vera\",\"password\":\"viewer-password\"}");
    assertEquals(200, login.statusCode(), login.body());
    JsonNode body = test.readJson(login.body());
    Instant expiresAt = Instant.parse(body.get("expiresAt").asText());
    assertTrue(expiresAt.isAfter(Instant.now().plus(59, ChronoUnit.MINUTES)));
    assertTrue(expiresAt.isBefore(Instant.now().plus(61, ChronoUnit.MINUTES)));

    HttpResponse<String> plans = test.get("/api/v1/plans", body.get("token").asText());
    assertEquals(200, plans.statusCode(), plans.body());
  }

  @Test
  void aWrongPasswordIsRefusedWithoutDetailAndAudited() {
    HttpResponse<String> wrongPassword =
        postLogin("{\"username\":\"vera\",\"password\":\"not-her-password\"}");
    HttpResponse<String> unknownUser =
        postLogin("{\"username\":\"nobody-here\",\"password\":\"whatever\"}");

    assertEquals(401, wrongPassword.statusCode());
    assertEquals(401, unknownUser.statusCode());
    assertEquals(wrongPassword.body(), unknownUser.body());
    assertFalse(wrongPassword.body().contains("not-her-password"));
    List<AuditEntry> audit = new AuditLog(test.server.database()).list(50);
    assertTrue(
        audit.stream()
            .anyMatch(
                entry ->
                    entry.action().equals("login")
                        && entry.actor().equals("vera")
                        && entry.outcome().equals("failed")),
        audit.toString());
  }

  @Test
  void malformedLoginJsonIsABadRequest() {
    HttpResponse<String> response = postLogin("{\"username\": ");
    assertEquals(400, response.statusCode());
    assertTrue(test.readJson(response.body()).get("error").asText().contains("JSON"));
  }

  @Test
  void aViewerCannotStartARunAndTheRefusalIsAudited() {
    String token = test.login("vera", "viewer-password");
    HttpResponse<String> response =
        test.send(
            test.request("/api/v1/plans/1/runs", token).POST(HttpRequest.BodyPublishers.noBody()));

    assertEquals(403, response.statusCode(), response.body());
    List<AuditEntry> audit = new AuditLog(test.server.database()).list(50);
    assertTrue(
        audit.stream()
            .anyMatch(
                entry ->
                    entry.action().equals("run.start")
                        && entry.actor().equals("vera")
                        && entry.role().equals("viewer")
                        && entry.outcome().equals("denied")),
        audit.toString());
  }

  @Test
  void aTokenSignedWithAnotherSecretIsRefused() {
    String forged =
        claims(
                "vera",
                viewer.id(),
                "loadline",
                "loadline-api",
                Instant.now().plus(1, ChronoUnit.HOURS))
            .sign(Algorithm.HMAC256("some-other-secret-that-is-also-long-enough"));
    assertRefused(forged);
  }

  @Test
  void aTokenWithAlgorithmNoneIsRefused() {
    String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    long expiry = Instant.now().plus(1, ChronoUnit.HOURS).getEpochSecond();
    String payload =
        base64(
            "{\"iss\":\"loadline\",\"aud\":\"loadline-api\",\"sub\":\"vera\",\"uid\":"
                + viewer.id()
                + ",\"jti\":\"x\",\"exp\":"
                + expiry
                + "}");
    assertRefused(header + "." + payload + ".");
  }

  @Test
  void aTokenFromAnotherIssuerIsRefused() {
    assertRefused(signed("someone-else", "loadline-api", Instant.now().plus(1, ChronoUnit.HOURS)));
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() {
    assertRefused(signed("loadline", "another-api", Instant.now().plus(1, ChronoUnit.HOURS)));
  }

  @Test
  void anExpiredTokenIsRefused() {
    assertRefused(signed("loadline", "loadline-api", Instant.now().minus(5, ChronoUnit.MINUTES)));
  }

  @Test
  void aCorrectlySignedTokenIsAccepted() {
    String token = signed("loadline", "loadline-api", Instant.now().plus(5, ChronoUnit.MINUTES));
    assertEquals(200, test.get("/api/v1/plans", token).statusCode());
  }

  @Test
  void aTokenSignedBeforeSessionGenerationsExistedLastsUntilThePasswordChanges() {
    // Tokens of servers before schema version 4 carry no sgen claim; they count as generation 0.
    User user = test.createUser("olga", "olga-password-12", "viewer");
    String token =
        claims(
                "olga",
                user.id(),
                "loadline",
                "loadline-api",
                Instant.now().plus(5, ChronoUnit.MINUTES))
            .sign(ourAlgorithm());
    assertEquals(200, test.get("/api/v1/plans", token).statusCode());

    test.server.users().setPasswordHash(user.id(), test.server.passwords().hash("olga-new-pass-3"));

    assertRefused(token);
    assertEquals(1, test.server.users().find(user.id()).orElseThrow().sessionGeneration());
  }

  @Test
  void theTokenOfADisabledUserIsRefused() {
    User user = test.createUser("dora", "operator-password", "operator");
    String token = test.login("dora", "operator-password");
    assertEquals(200, test.get("/api/v1/plans", token).statusCode());

    test.server.users().setDisabled(user.id(), true);

    assertRefused(token);
    HttpResponse<String> login =
        postLogin("{\"username\":\"dora\",\"password\":\"operator-password\"}");
    assertEquals(401, login.statusCode());
  }

  private static void assertRefused(String token) {
    HttpResponse<String> response = test.get("/api/v1/plans", token);
    assertEquals(401, response.statusCode(), response.body());
  }

  private static String signed(String issuer, String audience, Instant expiresAt) {
    return claims("vera", viewer.id(), issuer, audience, expiresAt).sign(ourAlgorithm());
  }

  /** A token's claims as the server writes them, but without the session generation. */
  private static JWTCreator.Builder claims(
      String username, long userId, String issuer, String audience, Instant expiresAt) {
    return JWT.create()
        .withIssuer(issuer)
        .withAudience(audience)
        .withSubject(username)
        .withClaim("uid", userId)
        .withJWTId("test-token-" + username)
        .withExpiresAt(expiresAt);
  }

  private static Algorithm ourAlgorithm() {
    return Algorithm.HMAC256(TestServer.JWT_SECRET.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> postLogin(String body) {
    return test.send(
        test.request("/api/v1/auth/login")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpRequest.Builder withoutToken(Route route) {
    String path = route.path().replace("{id}", "1");
    HttpRequest.Builder request = test.request(path);
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString("name: x");
    if (route.method() == HandlerType.GET) {
      return request.GET();
    }
    request.header("Content-Type", "application/yaml");
    return request.method(route.method().name(), body);
  }

  private static String base64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
