package io.loadline.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.loadline.web.Plans;
import io.loadline.web.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanApiTest {

  /** Plans here never run; their URLs name a loopback port nothing listens on. */
  private static final String TARGET = "http://127.0.0.1:9";

  @TempDir static Path dataDirectory;

  private static TestServer test;
  private static String operator;
  private static String viewer;

  @BeforeAll
  static void startServer() {
    test = TestServer.start(dataDirectory);
    test.createUser("olga", "operator-password", "operator");
    test.createUser("vic", "viewer-password", "viewer");
    operator = test.login("olga", "operator-password");
    viewer = test.login("vic", "viewer-password");
  }

  @AfterAll
  static void stopServer() {
    test.close();
  }

  @Test
  void aYamlPlanIsCreatedListedReadReplacedAndDeleted() {
    HttpResponse<String> created =
        send("POST", "/api/v1/plans", "application/yaml", Plans.yaml("shop", TARGET, "5/s", "1s"));
    assertEquals(201, created.statusCode(), created.body());
    JsonNode plan = test.readJson(created.body());
    long id = plan.get("id").asLong();
    assertEquals("shop", plan.get("name").asText());
    assertEquals("yaml", plan.get("format").asText());
    assertEquals(Plans.yaml("shop", TARGET, "5/s", "1s"), plan.get("source").asText());
    assertEquals("/api/v1/plans/" + id, created.headers().firstValue("Location").orElseThrow());

    JsonNode list = test.readJson(test.get("/api/v1/plans", viewer).body());
    assertTrue(containsPlan(list, id, "shop"), list.toString());

    HttpResponse<String> read = test.get("/api/v1/plans/" + id, viewer);
    assertEquals(200, read.statusCode());
    assertEquals("shop", test.readJson(read.body()).get("name").asText());

    HttpResponse<String> replaced =
        send(
            "PUT",
            "/api/v1/plans/" + id,
            "text/yaml",
            Plans.yaml("shop-renamed", TARGET, "5/s", "1s"));
    assertEquals(200, replaced.statusCode(), replaced.body());
    assertEquals("shop-renamed", test.readJson(replaced.body()).get("name").asText());
    assertEquals(
        "shop-renamed",
        test.readJson(test.get("/api/v1/plans/" + id, viewer).body()).get("name").asText());

    HttpResponse<String> deleted =
        test.send(test.request("/api/v1/plans/" + id, operator).DELETE());
    assertEquals(204, deleted.statusCode());
    assertEquals(404, test.get("/api/v1/plans/" + id, viewer).statusCode());
  }

  @Test
  void aJsonPlanIsStoredAsJson() {
    String source = Plans.json("api-json", TARGET, "5/s", "1s");
    HttpResponse<String> created = send("POST", "/api/v1/plans", "application/json", source);

    assertEquals(201, created.statusCode(), created.body());
    JsonNode plan = test.readJson(created.body());
    assertEquals("api-json", plan.get("name").asText());
    assertEquals("json", plan.get("format").asText());
    assertEquals(source, plan.get("source").asText());
  }

  @Test
  void aPlanWithThreeMistakesIsRefusedOnceWithEveryFieldPath() {
    HttpResponse<String> response =
        send("POST", "/api/v1/plans", "application/yaml", Plans.withThreeMistakes());

    assertEquals(400, response.statusCode(), response.body());
    JsonNode body = test.readJson(response.body());
    assertEquals("invalid plan", body.get("error").asText());
    Set<String> paths = new HashSet<>();
    body.get("problems").forEach(problem -> paths.add(problem.get("path").asText()));
    assertTrue(paths.contains("name"), paths.toString());
    assertTrue(paths.contains("scenarios[0].load.rate"), paths.toString());
    assertTrue(paths.contains("scenarios[0].steps[0].request.url"), paths.toString());
    body.get("problems").forEach(problem -> assertFalse(problem.get("message").asText().isBlank()));
  }

  @Test
  void anInvalidReplacementLeavesTheStoredPlanAsItWas() {
    JsonNode plan =
        test.readJson(
            send(
                    "POST",
                    "/api/v1/plans",
                    "application/yaml",
                    Plans.yaml("keep", TARGET, "5/s", "1s"))
                .body());
    long id = plan.get("id").asLong();

    HttpResponse<String> response =
        send("PUT", "/api/v1/plans/" + id, "application/yaml", Plans.withThreeMistakes());

    assertEquals(400, response.statusCode());
    assertEquals(
        "keep", test.readJson(test.get("/api/v1/plans/" + id, viewer).body()).get("name").asText());
  }

  @Test
  void malformedJsonIsABadRequestNamingItsLine() {
    HttpResponse<String> response =
        send("POST", "/api/v1/plans", "application/json", "{\"name\": \"broken\",\n ]");

    assertEquals(400, response.statusCode());
    JsonNode problem = test.readJson(response.body()).get("problems").get(0);
    assertEquals("", problem.get("path").asText());
    assertTrue(problem.get("message").asText().startsWith("is not valid JSON at line 2"));
  }

  @Test
  void aPlanThatIsNotUtf8IsRefusedInsteadOfBeingAltered() {
    byte[] latin1 =
        Plans.yaml("caf\u00e9", TARGET, "5/s", "1s").getBytes(StandardCharsets.ISO_8859_1);

    HttpResponse<String> response =
        test.send(
            test.request("/api/v1/plans", operator)
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(latin1)));

    assertEquals(400, response.statusCode());
    JsonNode problem = test.readJson(response.body()).get("problems").get(0);
    assertTrue(problem.get("message").asText().startsWith("is not valid UTF-8"));
    for (JsonNode stored : test.readJson(test.get("/api/v1/plans", operator).body())) {
      assertFalse(stored.get("name").asText().startsWith("caf"), "nothing was stored");
    }
  }

  @Test
  void anUnknownContentTypeIsRefusedWithTheContract() {
    HttpResponse<String> response =
        send("POST", "/api/v1/plans", "text/plain", Plans.yaml("x", TARGET, "5/s", "1s"));

    assertEquals(415, response.statusCode());
    assertTrue(test.readJson(response.body()).get("error").asText().contains("application/yaml"));
  }

  @Test
  void aBodyOverOneMebibyteIsRefusedAsTooLarge() {
    String huge =
        "# " + "x".repeat(1024 * 1024 + 16) + "\n" + Plans.yaml("big", TARGET, "5/s", "1s");

    HttpResponse<String> response = send("POST", "/api/v1/plans", "application/yaml", huge);

    assertEquals(413, response.statusCode(), response.body());
  }

  @Test
  void unknownPlansAndRunsAreNotFoundWithAMessage() {
    HttpResponse<String> plan = test.get("/api/v1/plans/424242", viewer);
    HttpResponse<String> run = test.get("/api/v1/runs/424242", viewer);
    HttpResponse<String> start =
        test.send(
            test.request("/api/v1/plans/424242/runs", operator)
                .POST(HttpRequest.BodyPublishers.noBody()));
    HttpResponse<String> stop =
        test.send(
            test.request("/api/v1/runs/424242/stop", operator)
                .POST(HttpRequest.BodyPublishers.noBody()));
    HttpResponse<String> delete =
        test.send(test.request("/api/v1/plans/424242", operator).DELETE());

    for (HttpResponse<String> response : new HttpResponse[] {plan, run, start, stop, delete}) {
      assertEquals(404, response.statusCode(), response.uri() + " " + response.body());
      assertTrue(test.readJson(response.body()).get("error").asText().contains("424242"));
    }
  }

  @Test
  void aViewerReadsButCannotCreateAPlan() {
    HttpResponse<String> response =
        test.send(
            test.request("/api/v1/plans", viewer)
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(Plans.yaml("v", TARGET, "5/s", "1s"))));

    assertEquals(403, response.statusCode());
    assertEquals(200, test.get("/api/v1/plans", viewer).statusCode());
  }

  @Test
  void theBuiltInPluginsAreListed() {
    JsonNode plugins = test.readJson(test.get("/api/v1/plugins", viewer).body());
    Set<String> found = new HashSet<>();
    plugins.forEach(p -> found.add(p.get("kind").asText() + ":" + p.get("id").asText()));

    assertTrue(found.containsAll(Set.of("rate-model:constant", "protocol:http", "feeder:csv")));
    plugins.forEach(p -> assertTrue(p.has("version") && p.has("source") && p.has("description")));
  }

  private static boolean containsPlan(JsonNode list, long id, String name) {
    for (JsonNode plan : list) {
      if (plan.get("id").asLong() == id && plan.get("name").asText().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static HttpResponse<String> send(
      String method, String path, String contentType, String body) {
    return test.send(
        test.request(path, operator)
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofString(body)));
  }
}
