package io.loadline.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.loadline.web.Plans;
import io.loadline.web.TestServer;
import io.loadline.web.demo.DemoTarget;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance: the real server on a free port runs plans against a real target on
 * 127.0.0.1, through the API only, and keeps the runs in the SQLite file.
 */
class RunLifecycleTest {

  @TempDir static Path dataDirectory;

  private static TestServer test;
  private static DemoTarget target;
  private static String operator;

  @BeforeAll
  static void start() {
    target = DemoTarget.start(0);
    test = TestServer.start(dataDirectory);
    operator = test.adminToken();
  }

  @AfterAll
  static void stop() {
    test.close();
    target.close();
  }

  @Test
  void aPlanAt200PerSecondFor3SecondsSends600RequestsAndPasses() throws Exception {
    long servedBefore = target.requestsServed();
    long planId = createPlan(Plans.yaml("acceptance", target.baseUrl(), "200/s", "3s"));

    HttpResponse<String> started = startRun(planId);
    assertEquals(201, started.statusCode(), started.body());
    long runId = test.readJson(started.body()).get("id").asLong();
    assertEquals("/api/v1/runs/" + runId, started.headers().firstValue("Location").orElseThrow());
    JsonNode run = awaitEnd(runId, Duration.ofSeconds(30));

    assertEquals("PASSED", run.get("state").asText(), run.toString());
    assertEquals("completed", run.get("stopReason").asText());
    assertTrue(run.get("durationMillis").asLong() >= 3_000, run.toString());
    long served = target.requestsServed() - servedBefore;
    assertTrue(Math.abs(served - 600) <= 6, "the target served " + served);
    JsonNode scenario = run.get("summary").get("scenarios").get(0);
    assertEquals(served, scenario.get("requests").asLong());
    assertEquals(served, scenario.get("successes").asLong());
    assertEquals(0, scenario.get("failures").asLong());
    assertEquals(0, scenario.get("dropped").asLong());
    assertPercentilesInOrder(scenario.get("latency"));
    assertPercentilesInOrder(scenario.get("steps").get(0).get("latency"));
    assertEquals("PASSED", stateInDatabaseFile(runId));
  }

  @Test
  void aStoppedRunEndsCancelledAndStaysCancelled() throws Exception {
    long planId = createPlan(Plans.yaml("to-stop", target.baseUrl(), "20/s", "3s"));
    Instant startedAt = Instant.now();
    long runId = test.readJson(startRun(planId).body()).get("id").asLong();
    awaitRequests(runId, Duration.ofSeconds(10));

    HttpResponse<String> stopped = stopRun(runId);
    assertEquals(202, stopped.statusCode(), stopped.body());
    JsonNode run = awaitEnd(runId, Duration.ofSeconds(15));
    assertEquals("CANCELLED", run.get("state").asText(), run.toString());
    assertNotNull(run.get("endedAt").textValue(), run.toString());
    assertEquals("stopped by user", run.get("stopReason").asText());

    // Wait until the schedule would have ended on its own, then look again.
    Duration sinceStart = Duration.between(startedAt, Instant.now());
    Thread.sleep(Math.max(0, Duration.ofSeconds(4).minus(sinceStart).toMillis()));
    assertEquals("CANCELLED", readRun(runId).get("state").asText());
    assertEquals("CANCELLED", stateInDatabaseFile(runId));

    HttpResponse<String> stopAgain = stopRun(runId);
    assertEquals(409, stopAgain.statusCode(), stopAgain.body());
    assertTrue(test.readJson(stopAgain.body()).has("error"));
  }

  @Test
  void runsAreListedNewestFirstAndByPlan() throws Exception {
    long planId = createPlan(Plans.yaml("listed", target.baseUrl(), "5/s", "1s"));
    long runId = test.readJson(startRun(planId).body()).get("id").asLong();
    awaitEnd(runId, Duration.ofSeconds(15));

    JsonNode byPlan = test.readJson(test.get("/api/v1/runs?planId=" + planId, operator).body());
    assertEquals(1, byPlan.size());
    assertEquals(runId, byPlan.get(0).get("id").asLong());
    JsonNode all = test.readJson(test.get("/api/v1/runs", operator).body());
    assertTrue(all.size() >= 1);
    assertEquals(400, test.get("/api/v1/runs?planId=abc", operator).statusCode());
  }

  private static void assertPercentilesInOrder(JsonNode latency) {
    double p50 = latency.get("p50Millis").asDouble();
    double p90 = latency.get("p90Millis").asDouble();
    double p99 = latency.get("p99Millis").asDouble();
    double max = latency.get("maxMillis").asDouble();
    assertTrue(p50 > 0 && p50 <= p90 && p90 <= p99 && p99 <= max, latency.toString());
  }

  private static long createPlan(String source) {
    HttpResponse<String> created =
        test.send(
            test.request("/api/v1/plans", operator)
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(source)));
    assertEquals(201, created.statusCode(), created.body());
    return test.readJson(created.body()).get("id").asLong();
  }

  private static HttpResponse<String> startRun(long planId) {
    return test.send(
        test.request("/api/v1/plans/" + planId + "/runs", operator)
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  private static HttpResponse<String> stopRun(long runId) {
    return test.send(
        test.request("/api/v1/runs/" + runId + "/stop", operator)
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  private static JsonNode readRun(long runId) {
    HttpResponse<String> response = test.get("/api/v1/runs/" + runId, operator);
    assertEquals(200, response.statusCode(), response.body());
    return test.readJson(response.body());
  }

  private static JsonNode awaitEnd(long runId, Duration maxWait) throws InterruptedException {
    Instant deadline = Instant.now().plus(maxWait);
    JsonNode run = readRun(runId);
    while (run.get("active").asBoolean() && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      run = readRun(runId);
    }
    return run;
  }

  private static void awaitRequests(long runId, Duration maxWait) throws InterruptedException {
    Instant deadline = Instant.now().plus(maxWait);
    while (Instant.now().isBefore(deadline)) {
      JsonNode summary = readRun(runId).get("summary");
      if (summary != null
          && !summary.isNull()
          && summary.get("scenarios").get(0).get("requests").asLong() > 0) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("run " + runId + " sent no request in " + maxWait);
  }

  private static String stateInDatabaseFile(long runId) throws Exception {
    Path file = dataDirectory.resolve("loadline.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement query =
            connection.prepareStatement("SELECT state, ended_at FROM runs WHERE id = ?")) {
      query.setLong(1, runId);
      try (ResultSet row = query.executeQuery()) {
        assertTrue(row.next(), "no row for run " + runId);
        assertTrue(row.getLong("ended_at") > 0, "ended_at not set for run " + runId);
        return row.getString("state");
      }
    }
  }
}
