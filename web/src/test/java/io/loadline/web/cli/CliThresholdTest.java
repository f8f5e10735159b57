package io.loadline.web.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loadline.web.TestServer;
import io.loadline.web.demo.DemoTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Exit codes and the JUnit report of {@code run}, headless and against a real server on 127.0.0.1,
 * with a demo target whose {@code /delay/100} answers in 100 ms.
 */
class CliThresholdTest {

  @TempDir static Path directory;

  private static DemoTarget target;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** The exit code of the last {@link #runWithReports}. */
  private int lastExitCode;

  @BeforeAll
  static void startTarget() {
    target = DemoTarget.start(0);
  }

  @AfterAll
  static void stopTarget() {
    target.close();
  }

  @Test
  void aBreachedThresholdExitsOneAndTheJUnitReportHasOneFailingCase() throws Exception {
    Path plan = write("slow.yaml", plan("slow", "/delay/100", "p95 < 50ms", "p95 < 5s"));
    Path junit = directory.resolve("reports/slow.xml");

    Path reports = directory.resolve("local-reports");
    int exitCode =
        execute(
            "run",
            plan.toString(),
            "--no-progress",
            "--junit",
            junit.toString(),
            "--report-dir",
            reports.toString());

    assertEquals(Main.EXIT_THRESHOLDS_FAILED, exitCode, out + "\n" + err);
    assertTrue(Files.readString(reports.resolve("report.json")).contains("\"state\" : \"FAILED\""));
    // The intervals wait on disk during the run (IntervalSpool) and come back whole: a row per
    // second, in order, holding every request of the summary.
    List<String> rows = Files.readString(reports.resolve("series.csv")).lines().toList();
    int requestsColumn = List.of(rows.getFirst().split(",")).indexOf("requests");
    long requestsInRows = 0;
    for (int index = 1; index < rows.size(); index++) {
      String[] cells = rows.get(index).split(",");
      assertEquals(index - 1, Long.parseLong(cells[0]), rows.toString());
      requestsInRows += Long.parseLong(cells[requestsColumn]);
    }
    assertTrue(rows.size() >= 3, rows.toString());
    JsonNode summary = new ObjectMapper().readTree(reports.resolve("report.json").toFile());
    assertEquals(summary.at("/summary/scenarios/0/requests").asLong(), requestsInRows);
    assertTrue(Files.readString(reports.resolve("report.html")).contains("uPlot"));
    assertTrue(Files.readString(reports.resolve("histograms.hlog")).contains("browse/get/latency"));
    String printed = out.toString();
    assertTrue(printed.contains("schedule completed after"), printed);
    assertTrue(printed.contains("Result: FAILED (a threshold failed)"), printed);
    String report = Files.readString(reports.resolve("report.json"));
    assertTrue(report.contains("\"stopReason\" : \"completed\""), report);
    assertTrue(printed.contains("p95 < 50ms"), printed);
    String xml = Files.readString(junit);
    assertTrue(xml.contains("tests=\"2\" failures=\"1\""), xml);
    assertTrue(xml.contains("name=\"run: p95 &lt; 50ms\""), xml);
    assertTrue(xml.contains("<failure message=\"p95 &lt; 50ms failed: observed"), xml);
    assertTrue(xml.contains("name=\"run: p95 &lt; 5s\" time=\"0\"/>"), xml);
  }

  @Test
  void thresholdsThatHoldExitZero() throws Exception {
    Path plan = write("fast.yaml", plan("fast", "/fast", "p95 < 5s", "error_rate < 1%"));

    int exitCode = execute("run", plan.toString(), "--no-progress");

    assertEquals(Main.EXIT_OK, exitCode, out + "\n" + err);
    assertTrue(out.toString().contains("Result: PASSED"), out.toString());
  }

  @Test
  void anAllNotFoundRunHasAnErrorRateOfOneHundredPercentAndNoSuccess() throws Exception {
    Path reports = runWithReports("missing", "/status/404", "error_rate < 1%");

    assertEquals(Main.EXIT_THRESHOLDS_FAILED, lastExitCode, out + "\n" + err);
    JsonNode report = new ObjectMapper().readTree(reports.resolve("report.json").toFile());
    JsonNode scenario = report.at("/summary/scenarios/0");
    assertEquals(20, scenario.get("requests").asLong(), scenario.toString());
    assertEquals(0, scenario.get("successes").asLong(), scenario.toString());
    assertEquals(20, scenario.at("/failuresByKind/client_error").asLong(), scenario.toString());
    JsonNode verdict = report.at("/thresholds/0");
    assertEquals("error_rate", verdict.get("metric").asText(), verdict.toString());
    assertEquals(100.0, verdict.get("observed").asDouble(), verdict.toString());
    assertEquals("%", verdict.get("unit").asText(), verdict.toString());
    assertFalse(verdict.get("passed").asBoolean(), verdict.toString());
  }

  @Test
  void anAbortOnFailBreachStopsTheRunAndExitsOne() throws Exception {
    String source =
        plan("abort", "/delay/100", "{threshold: p95 < 50ms, abortOnFail: true}")
            .replace("duration: 2s", "duration: 60s");
    Path plan = write("abort.yaml", source);
    long startedNanos = System.nanoTime();

    int exitCode = execute("run", plan.toString(), "--no-progress");

    long tookMillis = (System.nanoTime() - startedNanos) / 1_000_000;
    assertEquals(Main.EXIT_THRESHOLDS_FAILED, exitCode, out + "\n" + err);
    assertTrue(out.toString().contains("Aborting: p95 < 50ms failed"), out.toString());
    assertTrue(
        out.toString().contains("Result: ABORTED (a threshold with abortOnFail stopped the run)"),
        out.toString());
    assertTrue(tookMillis < 10_000, "took " + tookMillis + " ms of a 60 s plan");
  }

  @Test
  void aRemoteRunUsesTheServerAndTheSameExitCodes() throws Exception {
    Path plan = write("remote.yaml", plan("remote", "/delay/100", "p95 < 50ms"));
    Path junit = directory.resolve("remote.xml");
    try (TestServer server = TestServer.start(directory.resolve("server"))) {
      String token = server.adminToken();

      Path reports = directory.resolve("remote-reports");
      int failed =
          execute(
              "run",
              plan.toString(),
              "--server",
              server.url(""),
              "--token",
              token,
              "--no-progress",
              "--junit",
              junit.toString(),
              "--report-dir",
              reports.toString());
      int reused = execute("run", plan.toString(), "--server", server.url(""), "--api-key", token);
      int unauthorised =
          execute("run", plan.toString(), "--server", server.url(""), "--api-key", "wrong");

      assertEquals(Main.EXIT_THRESHOLDS_FAILED, failed, out + "\n" + err);
      assertEquals(Main.EXIT_THRESHOLDS_FAILED, reused, out + "\n" + err);
      assertEquals(Main.EXIT_ERROR, unauthorised);
      assertTrue(out.toString().contains("ended: FAILED (completed)"), out.toString());
      assertTrue(err.toString().contains("refused the credentials"), err.toString());
      assertTrue(Files.readString(junit).contains("failures=\"1\""));
      assertTrue(Files.readString(reports.resolve("report.html")).contains("uPlot"));
      Path csv = directory.resolve("made/for/it/remote.csv"); // directories made as needed
      int reported =
          execute(
              "report",
              "1",
              "--server",
              server.url(""),
              "--token",
              token,
              "--format",
              "csv",
              "--output",
              csv.toString());
      assertEquals(Main.EXIT_OK, reported, err.toString());
      assertTrue(Files.readString(csv).startsWith("second,ended_at,scenario"));
      String plans = server.get("/api/v1/plans", token).body();
      assertEquals(1, server.readJson(plans).size(), "the second run reused the plan: " + plans);
    }
  }

  @Test
  void aViewersKeyIsToldWhichRoleARunNeedsAndStillFetchesReports() throws Exception {
    Path plan = write("viewer.yaml", plan("viewer", "/fast", "error_rate < 1%"));
    try (TestServer server = TestServer.start(directory.resolve("server-viewer"))) {
      int ran =
          execute(
              "run",
              plan.toString(),
              "--server",
              server.url(""),
              "--token",
              server.adminToken(),
              "--no-progress");
      String viewer = server.tokenFor(server.createUser("vic", "viewer-pass-12345", "viewer"));

      int refused = execute("run", plan.toString(), "--server", server.url(""), "--token", viewer);
      int reported =
          execute("report", "1", "--server", server.url(""), "--token", viewer, "--format", "json");

      assertEquals(Main.EXIT_OK, ran, out + "\n" + err);
      assertEquals(Main.EXIT_ERROR, refused);
      assertTrue(
          err.toString()
              .contains(
                  "The server refused the request (403): This needs the role 'operator' or"
                      + " higher; you are 'viewer'."),
          err.toString());
      assertFalse(err.toString().contains("refused the credentials"), err.toString());
      assertEquals(Main.EXIT_OK, reported, err.toString());
    }
  }

  @Test
  void aRemoteRunOfAnInvalidPlanPrintsTheServersProblemsAndExitsTwo() throws Exception {
    Path plan = write("bad.yaml", plan("bad", "/fast", "p42 < 1s"));
    try (TestServer server = TestServer.start(directory.resolve("server-bad"))) {
      int exitCode =
          execute(
              "run", plan.toString(), "--server", server.url(""), "--token", server.adminToken());

      assertEquals(Main.EXIT_ERROR, exitCode);
      assertTrue(
          err.toString().contains("thresholds[0]: names the unknown metric"), err.toString());
    }
  }

  @Test
  void failedRequestsAreListedByMessageInTheOutputAndTheReports() throws Exception {
    Path reports = runWithReports("unavailable", "/status/503", "p95 < 5s");

    assertEquals(Main.EXIT_OK, lastExitCode, out + "\n" + err);
    String printed = out.toString();
    assertTrue(printed.contains("Failures by message:"), printed);
    assertTrue(
        printed
            .lines()
            .anyMatch(line -> line.matches("browse / get +server_error +status 503 +20 +100\\.0%")),
        printed);
    JsonNode summary = new ObjectMapper().readTree(reports.resolve("report.json").toFile());
    JsonNode failure = summary.at("/summary/scenarios/0/steps/0/failureMessages/0");
    assertEquals("server_error", failure.get("kind").asText(), summary.toString());
    assertEquals("status 503", failure.get("message").asText());
    assertEquals(20, failure.get("count").asLong());
    String html = Files.readString(reports.resolve("report.html"));
    assertTrue(html.contains("<h2>Failures by message</h2>"), html);
    assertTrue(html.contains("<td>status 503</td>"), html);
  }

  @Test
  void aRemoteRunRefusesSummaryJsonBeforeStoringOrStartingAnything() throws Exception {
    Path plan = write("remote-summary.yaml", plan("remote-summary", "/fast", "p95 < 5s"));
    Path summaryJson = directory.resolve("remote-summary.json");
    try (TestServer server = TestServer.start(directory.resolve("server-summary-json"))) {
      String token = server.adminToken();
      int exitCode =
          execute(
              "run",
              plan.toString(),
              "--server",
              server.url(""),
              "--api-key",
              token,
              "--summary-json",
              summaryJson.toString());

      assertEquals(Main.EXIT_ERROR, exitCode, out + "\n" + err);
      assertTrue(
          err.toString().contains("--summary-json is written by local runs only"), err.toString());
      assertTrue(err.toString().contains("--report-dir"), err.toString());
      assertFalse(Files.exists(summaryJson), "no file for a run that never started");
      assertEquals(0, server.readJson(server.get("/api/v1/plans", token).body()).size());
      assertEquals(0, server.readJson(server.get("/api/v1/runs", token).body()).size());
    }
  }

  private static String plan(String name, String path, String... thresholds) {
    StringBuilder source =
        new StringBuilder(
            """
            name: %s
            gracefulStop: 1s
            scenarios:
              - name: browse
                load: {model: constant, rate: 10/s, duration: 2s}
                steps:
                  - name: get
                    request: {method: GET, url: "%s%s"}
            thresholds:
            """
                .formatted(name, target.baseUrl(), path));
    for (String threshold : thresholds) {
      source.append("  - ").append(threshold).append('\n');
    }
    return source.toString();
  }

  /** Runs a one-threshold plan of {@code path} headless, into a report directory it answers. */
  private Path runWithReports(String name, String path, String threshold) throws Exception {
    Path plan = write(name + ".yaml", plan(name, path, threshold));
    Path reports = directory.resolve(name + "-reports");
    lastExitCode =
        execute("run", plan.toString(), "--no-progress", "--report-dir", reports.toString());
    return reports;
  }

  private int execute(String... arguments) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(arguments);
  }

  private static Path write(String name, String content) throws Exception {
    return Files.writeString(directory.resolve(name), content);
  }
}
