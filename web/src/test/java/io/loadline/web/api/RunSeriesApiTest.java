package io.loadline.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Request;
import io.javalin.testtools.Response;
import io.loadline.web.TestServer;
import io.loadline.web.demo.DemoTarget;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/runs/{id}/series}: the stored 1 s intervals of a run, per scenario and step,
 * while it runs and after, through the real server driven by javalin-testtools.
 */
class RunSeriesApiTest {

  private static final Duration MAX_WAIT = Duration.ofSeconds(30);

  @TempDir Path dataDirectory;
  private TestServer test;
  private DemoTarget target;
  private String operator;
  private String viewer;

  @BeforeEach
  void start() {
    target = DemoTarget.start(0);
    test = TestServer.create(dataDirectory);
    operator = test.tokenFor(test.createUser("olga", "operator-password", "operator"));
    viewer = test.tokenFor(test.createUser("vera", "viewer-password", "viewer"));
  }

  @AfterEach
  void stop() {
    test.close();
    target.close();
  }

  @Test
  void aViewerPollsTheIntervalsOfARunningRunAndGetsEverySecondAfterItsEnd() {
    String plan =
        """
        name: series
        gracefulStop: 2s
        scenarios:
          - name: browse
            load: {model: constant, rate: 20/s, duration: 4s}
            steps:
              - name: home
                request: {url: "%s/fast"}
              - name: broken
                request: {url: "%s/status/500"}
        """
            .formatted(target.baseUrl(), target.baseUrl());
    JavalinTest.test(
        test.server.app(),
        (server, client) -> {
          long runId = startRun(client, plan);

          // While it runs: at least two seconds, each with both steps and failures by kind.
          JsonNode running = awaitIntervals(client, runId, 2);
          assertTrue(running.get("active").asBoolean(), running.toString());
          assertEquals("RUNNING", running.get("state").asText());
          JsonNode intervals = running.get("intervals");
          assertTrue(intervals.size() >= 2, running.toString());
          JsonNode second = intervals.get(1).get("scenarios").get(0);
          assertEquals("broken", second.get("steps").get(1).get("step").asText());
          assertTrue(
              second.get("steps").get(1).get("failuresByKind").get("server_error").asLong() > 0,
              second.toString());
          assertEquals(0, second.get("steps").get(0).get("failures").asLong());
          assertTrue(second.get("intervalSeconds").asDouble() > 0.5, second.toString());
          assertTrue(second.get("latency").has("p99Millis"), second.toString());
          long nextSince = running.get("nextSince").asLong();
          assertEquals(intervals.get(intervals.size() - 1).get("second").asLong() + 1, nextSince);

          // since: only the newer seconds.
          JsonNode newer = awaitIntervalsSince(client, runId, nextSince);
          for (JsonNode interval : newer.get("intervals")) {
            assertTrue(interval.get("second").asLong() >= nextSince, newer.toString());
          }
          assertEquals(nextSince, newer.get("intervals").get(0).get("second").asLong());

          // After the end: one row per second of the run, in order, holding every request.
          JsonNode run = awaitEnd(client, runId);
          JsonNode all = series(client, runId, "");
          assertFalse(all.get("active").asBoolean(), all.toString());
          JsonNode rows = all.get("intervals");
          double elapsed = run.get("summary").get("elapsedSeconds").asDouble();
          // One row per tick that fired and one for the last part-second; a tick that came late
          // under load (as on a busy CI machine) folds its second into the last row, so a
          // run of 4.0002 s may have 4 rows.
          assertTrue(
              rows.size() >= Math.floor(elapsed) && rows.size() <= Math.floor(elapsed) + 1,
              rows.size() + " rows for " + elapsed + " s");
          long requests = 0;
          for (int index = 0; index < rows.size(); index++) {
            assertEquals(index, rows.get(index).get("second").asLong());
            requests += rows.get(index).get("scenarios").get(0).get("requests").asLong();
          }
          assertEquals(
              run.get("summary").get("scenarios").get(0).get("requests").asLong(), requests);
        });
  }

  @Test
  void anUnknownRunIs404AndABadSinceIs400NamingTheField() {
    JavalinTest.test(
        test.server.app(),
        (server, client) -> {
          Response unknown = client.request(RunApi.RUNS + "/424242/series", bearer(viewer));
          assertEquals(404, unknown.code());

          long runId = startRun(client, planOf("1s"));
          for (String since : new String[] {"-1", "soon", "1.5"}) {
            Response bad =
                client.request(
                    RunApi.RUNS + "/" + runId + "/series?since=" + since, bearer(viewer));
            String body = bad.body().string();
            assertEquals(400, bad.code(), body);
            assertTrue(test.readJson(body).get("error").asText().startsWith("since "), body);
          }
          awaitEnd(client, runId);
        });
  }

  private String planOf(String duration) {
    return """
        name: short
        scenarios:
          - name: browse
            load: {model: constant, rate: 5/s, duration: %s}
            steps:
              - request: {url: "%s/fast"}
        """
        .formatted(duration, target.baseUrl());
  }

  private long startRun(HttpClient client, String plan) throws IOException {
    Response created =
        client.request(
            "/api/v1/plans",
            bearer(operator)
                .header("Content-Type", "application/yaml")
                .post(HttpRequest.BodyPublishers.ofString(plan)));
    String createdBody = created.body().string();
    assertEquals(201, created.code(), createdBody);
    long planId = test.readJson(createdBody).get("id").asLong();
    Response started =
        client.request(
            "/api/v1/plans/" + planId + "/runs",
            bearer(operator).post(HttpRequest.BodyPublishers.noBody()));
    String startedBody = started.body().string();
    assertEquals(201, started.code(), startedBody);
    return test.readJson(startedBody).get("id").asLong();
  }

  private JsonNode awaitIntervals(HttpClient client, long runId, int count) throws Exception {
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    JsonNode series = series(client, runId, "");
    while (series.get("intervals").size() < count && System.nanoTime() < deadline) {
      Thread.sleep(100);
      series = series(client, runId, "");
    }
    return series;
  }

  private JsonNode awaitIntervalsSince(HttpClient client, long runId, long since) throws Exception {
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    JsonNode series = series(client, runId, "?since=" + since);
    while (series.get("intervals").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      series = series(client, runId, "?since=" + since);
    }
    assertEquals(since, series.get("since").asLong());
    return series;
  }

  private JsonNode series(HttpClient client, long runId, String query) throws IOException {
    Response response =
        client.request(RunApi.RUNS + "/" + runId + "/series" + query, bearer(viewer));
    String body = response.body().string();
    assertEquals(200, response.code(), body);
    return test.readJson(body);
  }

  private JsonNode awaitEnd(HttpClient client, long runId) throws Exception {
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    while (true) {
      Response response = client.request(RunApi.RUNS + "/" + runId, bearer(viewer));
      JsonNode run = test.readJson(response.body().string());
      if (!run.get("active").asBoolean() || System.nanoTime() > deadline) {
        return run;
      }
      Thread.sleep(100);
    }
  }

  private static Request.Builder bearer(String token) {
    return new Request.Builder().header("Authorization", "Bearer " + token);
  }
}
