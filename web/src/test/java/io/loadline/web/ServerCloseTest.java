package io.loadline.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loadline.testsupport.RunThreads;
import io.loadline.web.demo.DemoTarget;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the server mid-run ends the run's threads before close returns, and records it. */
class ServerCloseTest {

  @TempDir Path dataDirectory;

  @Test
  void closingTheServerMidRunLeavesNoThreadOfTheRunAndRecordsItCancelledForShutdown()
      throws Exception {
    String plan =
        """
        name: close-probe
        gracefulStop: 2s
        scenarios:
          - name: slow
            load: {model: constant, rate: 20/s, duration: 30s}
            steps:
              - request: {url: "%s/delay/300"}
        """;
    long runId;
    try (DemoTarget target = DemoTarget.start(0)) {
      TestServer test = TestServer.start(dataDirectory);
      try {
        String token = test.adminToken();
        HttpResponse<String> created =
            test.send(
                test.request("/api/v1/plans", token)
                    .header("Content-Type", "application/yaml")
                    .POST(HttpRequest.BodyPublishers.ofString(plan.formatted(target.baseUrl()))));
        assertEquals(201, created.statusCode(), created.body());
        long planId = test.readJson(created.body()).get("id").asLong();
        HttpResponse<String> started =
            test.send(
                test.request("/api/v1/plans/" + planId + "/runs", token)
                    .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, started.statusCode(), started.body());
        runId = test.readJson(started.body()).get("id").asLong();
        awaitRequestsInFlight(test, token, runId);
      } finally {
        test.close();
      }

      // Checked at once: close() must have waited for them.
      RunThreads.assertNoneSurvive(
          Duration.ZERO, "loadline-close-probe-", "loadline-run-" + runId + "-", "loadline-http");
    }
    assertEquals("CANCELLED shutdown", stateInDatabaseFile(runId));
  }

  private static void awaitRequestsInFlight(TestServer test, String token, long runId)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      var run = test.readJson(test.get("/api/v1/runs/" + runId, token).body());
      var summary = run.get("summary");
      if ("RUNNING".equals(run.get("state").asText())
          && summary != null
          && !summary.isNull()
          && summary.get("scenarios").get(0).get("requests").asLong() > 0) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("run " + runId + " did not get going within 20 s");
  }

  private String stateInDatabaseFile(long runId) throws Exception {
    Path file = dataDirectory.resolve("loadline.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement query =
            connection.prepareStatement("SELECT state, stop_reason FROM runs WHERE id = ?")) {
      query.setLong(1, runId);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getString("state") + " " + row.getString("stop_reason") : "none";
      }
    }
  }
}
