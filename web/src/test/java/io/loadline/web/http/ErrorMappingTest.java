package io.loadline.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.loadline.ConflictException;
import io.loadline.plan.PlanValidationException;
import io.loadline.spi.ConfigProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorMappingTest {

  private final ObjectMapper json = JsonMapping.newObjectMapper();

  @Test
  void anUnexpectedFailureIsA500WithTheRequestIdAndNoDetail() {
    Javalin app =
        app(
            "/api/v1/boom",
            () -> {
              throw new IllegalStateException("database password is hunter2");
            });

    JavalinTest.test(
        app,
        (server, client) -> {
          Response response = client.get("/api/v1/boom");
          assertEquals(500, response.code());
          String body = response.body().string();
          assertFalse(body.contains("hunter2"), body);
          assertFalse(body.contains("IllegalStateException"), body);
          assertFalse(body.contains("\tat "), body);
          JsonNode error = json.readTree(body);
          assertEquals(
              response.headers().get("X-Request-Id").get(0), error.get("requestId").asText());
        });
  }

  @Test
  void aConflictIs409AndAnInvalidPlanIs400WithEveryProblem() {
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.jetty.host = "127.0.0.1";
              config.jsonMapper(new JavalinJackson(json, false));
              config.routes.before(new ResponseHeaders());
              config.routes.get(
                  "/api/v1/conflict",
                  ctx -> {
                    throw new ConflictException("Run 3 has already ended.");
                  });
              config.routes.get(
                  "/api/v1/invalid",
                  ctx -> {
                    throw new PlanValidationException(
                        List.of(
                            new ConfigProblem("name", "must not be blank"),
                            new ConfigProblem("scenarios[0].load.rate", "must be above 0")));
                  });
              new ErrorMapping((ctx, status, message) -> ctx.html(message))
                  .registerWith(config.routes);
            });

    JavalinTest.test(
        app,
        (server, client) -> {
          Response conflict = client.get("/api/v1/conflict");
          assertEquals(409, conflict.code());
          assertEquals(
              "Run 3 has already ended.",
              json.readTree(conflict.body().string()).get("error").asText());

          Response invalid = client.get("/api/v1/invalid");
          assertEquals(400, invalid.code());
          JsonNode body = json.readTree(invalid.body().string());
          assertEquals("invalid plan", body.get("error").asText());
          assertEquals(2, body.get("problems").size());
          assertEquals("scenarios[0].load.rate", body.get("problems").get(1).get("path").asText());
        });
  }

  @Test
  void securityHeadersAreOnEveryAnswer() {
    JavalinTest.test(
        app("/api/v1/fine", () -> {}),
        (server, client) -> {
          Response response = client.get("/api/v1/fine");
          assertEquals(List.of("nosniff"), response.headers().get("X-Content-Type-Options"));
          assertTrue(
              response
                  .headers()
                  .get("Content-Security-Policy")
                  .get(0)
                  .contains("script-src 'self'"));
        });
  }

  private Javalin app(String path, Runnable handler) {
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.jetty.host = "127.0.0.1";
          config.jsonMapper(new JavalinJackson(json, false));
          config.routes.before(new ResponseHeaders());
          config.routes.get(path, ctx -> handler.run());
          new ErrorMapping((ctx, status, message) -> ctx.html(message)).registerWith(config.routes);
        });
  }
}
