package io.loadline.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.loadline.web.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the API cannot serve get answers that say why, in the API's JSON error shape: a wrong
 * method 405 with {@code Allow}, an unknown path 404, a login whose type is not JSON 415, a login
 * field of the wrong type 400 naming it, a body over the limit 413 naming the limit.
 */
class WrongRequestAnswersTest {

  @TempDir static Path dataDirectory;

  private static TestServer test;
  private static String admin;

  @BeforeAll
  static void startServer() {
    test = TestServer.start(dataDirectory);
    admin = test.adminToken();
  }

  @AfterAll
  static void stopServer() {
    test.close();
  }

  @Test
  void aKnownPathWithTheWrongMethodIsAnswered405WithTheAllowedMethods() {
    HttpResponse<String> patchPlan = test.sendJson("PATCH", "/api/v1/plans/1", admin, "{}");
    HttpResponse<String> deleteRun = test.send(test.request("/api/v1/runs/1", admin).DELETE());

    assertEquals(405, patchPlan.statusCode(), patchPlan.body());
    assertEquals("GET, HEAD, PUT, DELETE", patchPlan.headers().firstValue("Allow").orElseThrow());
    assertTrue(error(patchPlan).contains("PATCH is not allowed"), patchPlan.body());
    assertEquals(405, deleteRun.statusCode(), deleteRun.body());
    assertEquals("GET, HEAD", deleteRun.headers().firstValue("Allow").orElseThrow());
    assertTrue(error(deleteRun).contains("use GET"), deleteRun.body());
  }

  @Test
  void aWrongMethodIsAnswered405EvenWithoutCredentials() {
    HttpResponse<String> patchPlan = test.sendJson("PATCH", "/api/v1/plans/1", null, "{}");

    assertEquals(405, patchPlan.statusCode(), patchPlan.body());
    assertTrue(patchPlan.headers().firstValue("Allow").isPresent(), patchPlan.body());
  }

  @Test
  void aNonStandardMethodNameIsAnswered405WithAllowEvenWithoutCredentials() {
    for (String method : java.util.List.of("get", "GET2", "X-Y", "FOO")) {
      HttpResponse<String> odd =
          test.send(
              test.request("/api/v1/plans").method(method, HttpRequest.BodyPublishers.noBody()));

      assertEquals(405, odd.statusCode(), method + ": " + odd.body());
      assertEquals("GET, HEAD, POST", odd.headers().firstValue("Allow").orElseThrow());
      assertEquals(
          method + " is not allowed on /api/v1/plans; use GET, HEAD, POST.",
          error(odd),
          odd.body());
    }
    HttpResponse<String> unknownPath =
        test.send(
            test.request("/api/v1/nothing-here")
                .method("get", HttpRequest.BodyPublishers.noBody()));
    assertEquals(400, unknownPath.statusCode(), unknownPath.body());
    assertTrue(error(unknownPath).startsWith("get is not an HTTP method"), unknownPath.body());
  }

  @Test
  void aHeadIsAnsweredAsItsGetWouldBeWithoutTheBody() {
    HttpResponse<String> anonymous =
        test.send(test.request("/api/v1/runs").method("HEAD", HttpRequest.BodyPublishers.noBody()));
    HttpResponse<String> signedIn =
        test.send(
            test.request("/api/v1/runs", admin)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    HttpResponse<String> missingRun =
        test.send(
            test.request("/api/v1/runs/999999", admin)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    HttpResponse<String> missingRunEvents =
        test.send(
            test.request("/runs/999999/events")
                .header("Cookie", "loadline_session=" + admin)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

    // Javalin alone answered 200 to any HEAD of a GET path, credentials or not.
    assertEquals(401, anonymous.statusCode(), anonymous.headers().toString());
    assertEquals(200, signedIn.statusCode(), signedIn.headers().toString());
    assertTrue(
        signedIn.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        signedIn.headers().toString());
    assertEquals("", signedIn.body());
    assertEquals(404, missingRun.statusCode(), missingRun.headers().toString());
    assertEquals(404, missingRunEvents.statusCode(), missingRunEvents.headers().toString());
  }

  @Test
  void anUnknownApiPathIsAnswered404InTheJsonErrorShape() {
    HttpResponse<String> unknown = test.get("/api/v1/nothing-here", admin);

    assertEquals(404, unknown.statusCode(), unknown.body());
    assertTrue(
        unknown.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        unknown.headers().toString());
    assertTrue(error(unknown).contains("/api/v1/nothing-here"), unknown.body());
    assertFalse(unknown.headers().firstValue("Allow").isPresent());
  }

  @Test
  void aLoginThatIsNotJsonIsAnswered415AndMalformedJson400() {
    HttpResponse<String> form =
        test.send(
            test.request("/api/v1/auth/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=x")));
    HttpResponse<String> notJson =
        test.sendJson("POST", "/api/v1/auth/login", null, "username=admin");

    assertEquals(415, form.statusCode(), form.body());
    assertTrue(error(form).contains("application/json"), form.body());
    assertEquals(400, notJson.statusCode(), notJson.body());
    assertTrue(error(notJson).contains("not valid JSON"), notJson.body());
  }

  @Test
  void aTruncatedJsonBodyIsAnswered400SayingWhereInPlainWords() {
    HttpResponse<String> key = test.sendJson("POST", "/api/v1/keys", admin, "{\"name\": \"ci\"");
    HttpResponse<String> plan = test.sendJson("POST", "/api/v1/plans", admin, "{\n  \"name\": [1,");

    assertEquals(400, key.statusCode(), key.body());
    assertEquals(
        "The request body is not valid JSON at line 1, column 14: Unexpected end-of-input:"
            + " expected close marker for Object.",
        error(key));
    assertEquals(400, plan.statusCode(), plan.body());
    assertEquals(
        "is not valid JSON at line 2, column 14: Unexpected end-of-input within/between Array"
            + " entries; fix the syntax there",
        test.readJson(plan.body()).get("problems").get(0).get("message").asText());
    assertFalse(key.body().contains("Feature") || plan.body().contains("Feature"), plan.body());
    assertFalse(key.body().contains("[Source") || plan.body().contains("[Source"), plan.body());
  }

  @Test
  void aLoginWithANonStringUsernameIsAnswered400NamingTheField() {
    HttpResponse<String> numeric =
        test.sendJson(
            "POST", "/api/v1/auth/login", null, "{\"username\": 42, \"password\": \"secret\"}");

    assertEquals(400, numeric.statusCode(), numeric.body());
    assertTrue(error(numeric).contains("'username' must be a string"), numeric.body());
  }

  @Test
  void aBodyOverTheLimitIsAnswered413NamingTheLimit() {
    String oversized = "name: big\n#" + "x".repeat(1024 * 1024 + 16) + "\n";
    HttpResponse<String> tooLarge = postPlan("application/yaml", oversized);

    assertEquals(413, tooLarge.statusCode(), tooLarge.body());
    assertTrue(error(tooLarge).contains("1 MiB"), tooLarge.body());
  }

  @Test
  void aLoginOverTheLimitIsAnswered413NamingTheLimitNotBadJson() {
    String padding = "x".repeat(1024 * 1024 + 16);
    HttpResponse<String> tooLarge =
        test.sendJson(
            "POST",
            "/api/v1/auth/login",
            null,
            "{\"username\": \"admin\", \"password\": \"" + padding + "\"}");

    assertEquals(413, tooLarge.statusCode(), tooLarge.body());
    assertTrue(error(tooLarge).contains("1 MiB (1048576 bytes)"), tooLarge.body());

    // The same body chunked, without a Content-Length: only reading it finds it too large.
    byte[] body =
        ("{\"username\": \"admin\", \"password\": \"" + padding + "\"}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpResponse<String> chunked =
        test.send(
            test.request("/api/v1/auth/login")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(body))));
    assertEquals(413, chunked.statusCode(), chunked.body());
    assertTrue(error(chunked).contains("1 MiB (1048576 bytes)"), chunked.body());
  }

  @Test
  void aJsonBodyWithContentAfterItsValueIsRefused() {
    HttpResponse<String> login =
        test.sendJson(
            "POST",
            "/api/v1/auth/login",
            null,
            "{\"username\": \"admin\", \"password\": \"whatever\"} {\"x\": 1}");

    assertEquals(400, login.statusCode(), login.body());
    assertTrue(error(login).contains("not valid JSON"), login.body());
    HttpResponse<String> key = test.sendJson("POST", "/api/v1/keys", admin, "{\"name\":\"k\"} {}");
    assertEquals(400, key.statusCode(), key.body());
    assertTrue(error(key).contains("there is more after the end of the JSON value"), key.body());
    assertFalse(key.body().contains("Jackson") || key.body().contains("Feature"), key.body());
  }

  @Test
  void aPlanWithContentAfterItIsRefusedNotSavedWithItsFirstPart() {
    String plan =
        "{\"name\": \"k\", \"scenarios\": [{\"name\": \"s\", \"load\": {\"model\":"
            + " \"constant\", \"rate\": \"1/s\", \"duration\": \"1s\"}, \"steps\":"
            + " [{\"request\": {\"url\": \"http://127.0.0.1:9/\"}}]}]}";
    String yaml =
        "name: k\nscenarios:\n  - name: s\n    load: {model: constant, rate: 1/s, duration:"
            + " 1s}\n    steps:\n      - request: {url: 'http://127.0.0.1:9/'}\n";
    for (String[] body :
        new String[][] {
          {"application/json", plan + " trailing {"},
          {"application/json", plan + "{\"name\":\"k\"}"},
          {"application/yaml", yaml + "---\nname: b\n"}
        }) {
      HttpResponse<String> response = postPlan(body[0], body[1]);

      assertEquals(400, response.statusCode(), body[1] + " -> " + response.body());
      assertTrue(response.body().contains("is not valid "), response.body());
    }
  }

  @Test
  void aPlanWithABadRegexOrJsonPathIsAnswered400WithThePaths() {
    String yaml =
        """
        name: bad rules
        scenarios:
          - name: s
            load: {model: constant, rate: 1/s, duration: 1s}
            steps:
              - request: {url: 'http://127.0.0.1:9/'}
                extract: {x: {regex: "((("}, y: {json: "$[[["}}
                checks: [{header: a, matches: "(("}, {json: "$..[", equals: 1}]
        """;
    HttpResponse<String> response = postPlan("application/yaml", yaml);

    assertEquals(400, response.statusCode(), response.body());
    for (String path :
        new String[] {
          "scenarios[0].steps[0].extract.x.regex",
          "scenarios[0].steps[0].extract.y.json",
          "scenarios[0].steps[0].checks[0].matches",
          "scenarios[0].steps[0].checks[1].json"
        }) {
      assertTrue(response.body().contains("\"" + path + "\""), path + " in " + response.body());
    }
  }

  @Test
  void anAddressJettyCannotReadIsAnswered400InTheJsonErrorShape() throws Exception {
    for (String address :
        new String[] {"/api/v1/runs/1%00", "/api/v1/runs/%", "/api/v1/runs/\u00e9"}) {
      RawAnswer answer = rawGet(address);

      assertTrue(answer.head().startsWith("HTTP/1.1 400 "), address + ": " + answer.head());
      assertTrue(answer.head().contains("\nContent-Type: application/json"), answer.head());
      assertTrue(answer.head().contains("\nX-Content-Type-Options: nosniff"), answer.head());
      assertTrue(
          test.readJson(answer.body()).path("error").asText().contains("percent-encoded UTF-8"),
          address + ": " + answer.body());
    }
    // A dashboard address keeps Jetty's page, with the headers every answer carries.
    RawAnswer page = rawGet("/plans/\u00e9");
    assertTrue(page.head().startsWith("HTTP/1.1 400 "), page.head());
    assertTrue(page.head().contains("\nContent-Type: text/html"), page.head());
    assertTrue(page.head().contains("\nX-Frame-Options: DENY"), page.head());
  }

  @Test
  void aBrokenHeaderIsAnswered400InTheJsonErrorShapeWithoutAdviceOnTheAddress() throws Exception {
    for (String[] broken :
        new String[][] {
          {"Content-Length: 5\r\nContent-Length: 6", "Multiple Content-Lengths"},
          {"Host: 127.0.0.2", "Duplicate Host Header"},
          {"Content-Length: abc", "Invalid Content-Length Value"},
          {
            "Transfer-Encoding: chunked\r\nContent-Length: 6",
            "Transfer-Encoding and Content-Length"
          }
        }) {
      RawAnswer answer =
          raw(
              "GET /api/v1/runs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + broken[0]
                  + "\r\nConnection: close\r\n\r\n");

      String error = test.readJson(answer.body()).path("error").asText();
      assertTrue(answer.head().startsWith("HTTP/1.1 400 "), broken[1] + ": " + answer.head());
      assertTrue(answer.head().contains("\nContent-Type: application/json"), answer.head());
      assertTrue(answer.head().contains("\nX-Content-Type-Options: nosniff"), answer.head());
      assertTrue(error.contains("(" + broken[1] + ")"), error);
      assertTrue(error.contains("check the request line and the headers"), error);
      assertFalse(error.contains("percent-encoded"), "the address is fine: " + error);
    }
  }

  private record RawAnswer(String head, String body) {}

  /** A GET written on a socket as it is, since Java's HTTP client refuses such addresses. */
  private static RawAnswer rawGet(String address) throws java.io.IOException {
    return raw("GET " + address + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  }

  /** A request written on a socket as it is, and the whole answer, head and body apart. */
  private static RawAnswer raw(String request) throws java.io.IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", test.server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String answer =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      int end = answer.indexOf("\r\n\r\n");
      return new RawAnswer(
          answer.substring(0, end).replace("\r\n", "\n"), answer.substring(end + 4));
    }
  }

  private static HttpResponse<String> postPlan(String contentType, String body) {
    return test.send(
        test.request("/api/v1/plans", admin)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static String error(HttpResponse<String> response) {
    JsonNode body = test.readJson(response.body());
    return body.path("error").asText();
  }
}
