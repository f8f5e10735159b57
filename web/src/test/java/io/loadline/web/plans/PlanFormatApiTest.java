package io.loadline.web.plans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.plan.PlanSchema;
import io.loadline.web.Recordings;
import io.loadline.web.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema and import routes on a real server; the imported plans are saved, never run. */
class PlanFormatApiTest {

  @TempDir static Path dataDirectory;

  private static TestServer test;
  private static String operator;
  private static String viewer;

  @BeforeAll
  static void startServer() {
    test = TestServer.start(dataDirectory);
    operator = test.tokenFor(test.createUser("opal", "operator-password", "operator"));
    viewer = test.tokenFor(test.createUser("vera", "viewer-password", "viewer"));
  }

  @AfterAll
  static void stopServer() {
    test.close();
  }

  @Test
  void aViewerReadsThePlanSchemaAsPublishedInTheRepository() {
    HttpResponse<String> schema = test.get("/api/v1/schema/plan", viewer);

    assertEquals(200, schema.statusCode(), schema.body());
    assertEquals(PlanSchema.text(), schema.body());
    assertTrue(
        schema
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/schema+json"));
    assertEquals(401, test.send(test.request("/api/v1/schema/plan").GET()).statusCode());
  }

  @Test
  void aHarImportAnswersAPlanTheServerAcceptsWithoutStaticAssets() {
    HttpResponse<String> imported =
        post("/api/v1/import/har?name=cart%20visit", operator, Recordings.HAR);

    assertEquals(200, imported.statusCode(), imported.body());
    String yaml = imported.body();
    assertTrue(imported.headers().firstValue("Content-Type").orElse("").contains("yaml"));
    assertTrue(yaml.contains("name: cart visit"), yaml);
    assertTrue(yaml.contains("think: 2000ms"), yaml);
    assertTrue(yaml.contains("POST /cart"), yaml);
    assertTrue(!yaml.contains("site.css") && !yaml.contains("keep-alive"), yaml);

    HttpResponse<String> saved =
        test.send(
            test.request("/api/v1/plans", operator)
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)));
    assertEquals(201, saved.statusCode(), saved.body());
  }

  @Test
  void aCurlImportAnswersAPlanAndABadCommandIsRefusedWithTheReason() {
    HttpResponse<String> imported =
        post(
            "/api/v1/import/curl",
            operator,
            "curl -X POST 'http://127.0.0.1:9/api/items' -H 'Content-Type: application/json'"
                + " --data-raw '{\"name\": \"pen\"}' --compressed");

    assertEquals(200, imported.statusCode(), imported.body());
    assertTrue(imported.body().contains("name: imported from curl"), imported.body());
    assertTrue(imported.body().contains("method: POST"), imported.body());

    HttpResponse<String> refused =
        post("/api/v1/import/curl", operator, "curl --proxy http://p:3128 http://127.0.0.1:9/");
    assertEquals(400, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("--proxy"), refused.body());
  }

  @Test
  void aViewerMayNotImport() {
    assertEquals(403, post("/api/v1/import/har", viewer, Recordings.HAR).statusCode());
    assertEquals(403, post("/api/v1/import/curl", viewer, "curl http://127.0.0.1:9/").statusCode());
  }

  private static HttpResponse<String> post(String path, String token, String body) {
    return test.send(
        test.request(path, token)
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }
}
