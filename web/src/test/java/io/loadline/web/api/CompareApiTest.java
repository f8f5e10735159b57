package io.loadline.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.loadline.web.TestServer;
import io.loadline.web.cli.Main;
import io.loadline.web.demo.DemoTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Baselines and comparisons on the real server on 127.0.0.1: two runs of a plan whose threshold is
 * relative to the baseline, against a demo target that answers in 50 ms.
 */
class CompareApiTest {

  @TempDir static Path dataDirectory;

  private static final TypeReference<List<Long>> LONG_LIST = new TypeReference<>() {};

  private static TestServer test;
  private static DemoTarget target;
  private static String token;
  private static JsonNode withoutBaseline;
  private static JsonNode withBaseline;
  private static long planId;

  @BeforeAll
  static void runTwiceWithABaselineBetween() throws Exception {
    target = DemoTarget.start(0);
    test = TestServer.start(dataDirectory);
    token = test.adminToken();
    String source =
        """
        name: compared
        gracefulStop: 1s
        scenarios:
          - name: browse
            load: {model: constant, rate: 10/s, duration: 2s}
            steps:
              - name: slow
                request: {method: GET, url: "%s/delay/50"}
        thresholds:
          - p95 < baseline * 5
        """
            .formatted(target.baseUrl());
    planId = test.readJson(sendPlan("/api/v1/plans", "POST", source).body()).get("id").asLong();
    withoutBaseline = runToEnd();
    HttpResponse<String> marked = post("/api/v1/runs/" + withoutBaseline.get("id") + "/baseline");
    assertEquals(200, marked.statusCode(), marked.body());
    withBaseline = runToEnd();
  }

  @AfterAll
  static void stop() {
    test.close();
    target.close();
  }

  @Test
  void aBaselineRelativeThresholdFailsWithoutABaselineAndComparesWithIt() {
    JsonNode first = withoutBaseline.get("thresholds").get(0);
    assertEquals("FAILED", withoutBaseline.get("state").asText());
    assertEquals("no baseline", first.get("detail").asText());

    JsonNode second = withBaseline.get("thresholds").get(0);
    double baselineP95 =
        withoutBaseline
            .get("summary")
            .get("scenarios")
            .get(0)
            .get("latency")
            .get("p95Millis")
            .asDouble();
    assertEquals(baselineP95 * 5, second.get("limit").asDouble(), 1e-6);
    assertEquals("PASSED", withBaseline.get("state").asText(), second.toString());
  }

  @Test
  void theComparisonShowsEveryRunPerStepWithChangesAgainstTheFirst() {
    long first = withoutBaseline.get("id").asLong();
    long second = withBaseline.get("id").asLong();

    HttpResponse<String> response =
        test.get("/api/v1/compare?runs=" + first + "," + second + "&tolerance=1000", token);

    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = test.readJson(response.body());
    assertEquals(first, body.get("baselineRunId").asLong());
    JsonNode comparison = body.get("comparison");
    assertEquals(planId, comparison.get("planId").asLong());
    assertEquals(2, comparison.get("rows").size(), "the scenario and its step");
    JsonNode stepRow = comparison.get("rows").get(1);
    assertEquals("slow", stepRow.get("step").asText());
    JsonNode p95 = stepRow.get("metrics").get(2);
    assertEquals("p95", p95.get("metric").asText());
    assertEquals(2, p95.get("values").size());
    double change = p95.get("values").get(1).asDouble() - p95.get("values").get(0).asDouble();
    assertEquals(change, p95.get("changes").get(0).get("absolute").asDouble(), 1e-9);
    assertFalse(comparison.get("regressed").asBoolean(), "nothing is 1000 % worse");
  }

  @Test
  void theDashboardPageShowsTheTableAndTheOverlaidChartForASignedInViewer() {
    String cookie = test.login("admin", TestServer.ADMIN_PASSWORD);
    long first = withoutBaseline.get("id").asLong();
    long second = withBaseline.get("id").asLong();

    HttpResponse<String> page =
        test.send(
            HttpRequest.newBuilder(
                    java.net.URI.create(test.url("/compare?runs=" + first + "," + second)))
                .header("Cookie", "loadline_session=" + cookie));

    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("browse / slow"), page.body());
    assertTrue(page.body().contains("uPlot.iife.min.js"));
    assertTrue(page.body().contains("<script src=\"/static/compare.js\" defer></script>"));
    assertTrue(page.body().contains("<meta name=\"viewport\""), "readable on a phone");
    // The server's policy refuses inline code: only scripts by address and JSON data blocks.
    assertFalse(page.body().contains("<style"), page.body());
    assertFalse(page.body().contains("style="), page.body());
    assertEquals(
        List.of(),
        Pattern.compile("<script(?! src=)(?! type=\"application/json\")[^>]*>")
            .matcher(page.body())
            .results()
            .map(MatchResult::group)
            .toList());
    assertEquals(
        200,
        test.send(test.request("/static/compare.js")).statusCode(),
        "the chart code is served");
    assertEquals(
        200,
        test.send(
                HttpRequest.newBuilder(
                    java.net.URI.create(test.url("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"))))
            .statusCode(),
        "the chart library is served");
  }

  @Test
  void runsTickedOnTheHistoryPageArriveAsRepeatedParametersAndAreAllCompared() {
    String cookie = test.login("admin", TestServer.ADMIN_PASSWORD);
    long first = withoutBaseline.get("id").asLong();
    long second = withBaseline.get("id").asLong();
    String repeated = "?runs=" + first + "&runs=" + second;

    HttpResponse<String> page =
        test.send(
            test.request("/compare" + repeated).header("Cookie", "loadline_session=" + cookie));
    HttpResponse<String> api = test.get("/api/v1/compare" + repeated, token);

    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("<th>#" + first + "</th><th>#" + second + "</th>"));
    assertTrue(page.body().contains("<th>#" + second + " change</th>"), page.body());
    assertEquals(200, api.statusCode(), api.body());
    JsonNode runIds = test.readJson(api.body()).get("comparison").get("runIds");
    assertEquals(List.of(first, second), test.json.convertValue(runIds, LONG_LIST));
  }

  @Test
  void badComparisonsAreAnswered400Or404() {
    assertEquals(400, test.get("/api/v1/compare", token).statusCode());
    assertEquals(400, test.get("/api/v1/compare?runs=1", token).statusCode());
    assertEquals(404, test.get("/api/v1/compare?runs=1,999", token).statusCode());
    assertEquals(404, test.get("/api/v1/compare?runs=1&runs=999", token).statusCode());
    assertEquals(400, test.get("/api/v1/compare?runs=1&runs=x", token).statusCode());
    String manyRuns =
        java.util.stream.LongStream.rangeClosed(1, 21)
            .mapToObj(Long::toString)
            .collect(java.util.stream.Collectors.joining(","));
    HttpResponse<String> tooMany = test.get("/api/v1/compare?runs=" + manyRuns, token);
    assertEquals(400, tooMany.statusCode(), tooMany.body());
    assertEquals(
        "runs names 21 runs; a comparison takes at most 20, so name fewer.",
        test.readJson(tooMany.body()).get("error").asText());
  }

  @Test
  void aToleranceThatIsNotAFiniteNumberOfZeroOrMoreIsRefusedByTheApiAndTheCli() {
    long first = withoutBaseline.get("id").asLong();
    long second = withBaseline.get("id").asLong();
    for (String tolerance : List.of("NaN", "Infinity", "1e309", "-1", "ten")) {
      HttpResponse<String> refused =
          test.get(
              "/api/v1/compare?runs=" + first + "," + second + "&tolerance=" + tolerance, token);

      assertEquals(400, refused.statusCode(), tolerance + ": " + refused.body());
      assertEquals(
          "tolerance must be a finite number >= 0, a percentage such as 10; was " + tolerance,
          test.readJson(refused.body()).get("error").asText());
    }
    for (String tolerance : List.of("NaN", "Infinity", "1e309")) {
      StringWriter out = new StringWriter();

      int exitCode = compare(out, first, second, tolerance);

      assertEquals(2, exitCode, out.toString());
      assertTrue(
          out.toString().contains("--tolerance must be a finite number >= 0"), out.toString());
      assertFalse(out.toString().contains("No regression"), out.toString());
    }
  }

  @Test
  void aRunWhosePlanWasDeletedCannotBecomeABaseline() throws Exception {
    String source =
        """
        name: doomed
        scenarios:
          - name: browse
            load: {model: constant, rate: 5/s, duration: 1s}
            steps:
              - name: home
                request: {method: GET, url: "%s/delay/1"}
        """;
    long doomedPlan =
        test.readJson(sendPlan("/api/v1/plans", "POST", source.formatted(target.baseUrl())).body())
            .get("id")
            .asLong();
    long runId = runToEnd(doomedPlan).get("id").asLong();
    HttpResponse<String> deleted =
        test.send(test.request("/api/v1/plans/" + doomedPlan, token).DELETE());
    assertTrue(deleted.statusCode() < 300, deleted.body());

    HttpResponse<String> marked = post("/api/v1/runs/" + runId + "/baseline");

    assertEquals(409, marked.statusCode(), marked.body());
    assertTrue(
        test.readJson(marked.body())
            .get("error")
            .asText()
            .startsWith("Plan " + doomedPlan + " of run " + runId + " was deleted"),
        marked.body());
  }

  @Test
  void aRunThatSentNoRequestsCannotBecomeABaseline() throws Exception {
    // No user for the first minute: a run stopped at once has ended without a single request.
    String source =
        """
        name: idle
        scenarios:
          - name: nobody
            load:
              model: ramping-users
              stages: [{users: 0, duration: 60s}, {users: 1, duration: 1s}]
            steps:
              - name: home
                request: {method: GET, url: "%s/delay/1"}
        """;
    HttpResponse<String> created =
        sendPlan("/api/v1/plans", "POST", source.formatted(target.baseUrl()));
    assertEquals(201, created.statusCode(), created.body());
    long idlePlan = test.readJson(created.body()).get("id").asLong();
    HttpResponse<String> started = post("/api/v1/plans/" + idlePlan + "/runs");
    assertEquals(201, started.statusCode(), started.body());
    long runId = test.readJson(started.body()).get("id").asLong();
    HttpResponse<String> stopped = post("/api/v1/runs/" + runId + "/stop");
    assertTrue(stopped.statusCode() < 300, stopped.body());
    JsonNode run = awaitEnd(runId);
    assertFalse(run.get("active").asBoolean(), run.toString());
    assertEquals(
        0, run.get("summary").get("scenarios").get(0).get("requests").asLong(), run.toString());

    HttpResponse<String> marked = post("/api/v1/runs/" + run.get("id").asLong() + "/baseline");

    assertEquals(409, marked.statusCode(), marked.body());
    assertEquals(
        "Run "
            + run.get("id").asLong()
            + " sent no requests, so it has no figures to compare with; mark a run that measured"
            + " requests as the baseline.",
        test.readJson(marked.body()).get("error").asText());
  }

  @Test
  void theCliExitsOneWhenTheServiceTimeP95RegressedBeyondTheTolerance() throws Exception {
    String source =
        """
        name: slowing
        scenarios:
          - name: browse
            load: {model: constant, rate: 10/s, duration: 1s}
            steps:
              - name: wait
                request: {method: GET, url: "%s/delay/%d"}
        """;
    HttpResponse<String> created =
        sendPlan("/api/v1/plans", "POST", source.formatted(target.baseUrl(), 20));
    long slowingPlan = test.readJson(created.body()).get("id").asLong();
    long fast = runToEnd(slowingPlan).get("id").asLong();
    HttpResponse<String> edited =
        sendPlan("/api/v1/plans/" + slowingPlan, "PUT", source.formatted(target.baseUrl(), 200));
    assertEquals(200, edited.statusCode(), edited.body());
    long slow = runToEnd(slowingPlan).get("id").asLong();

    // About 20 ms against about 200 ms: some +900 %, beyond 100 % and within 5,000 %.
    StringWriter regressedOut = new StringWriter();
    int regressed = compare(regressedOut, fast, slow, "100");
    StringWriter withinOut = new StringWriter();
    int within = compare(withinOut, fast, slow, "5000");
    JsonNode step =
        test.readJson(test.get("/api/v1/compare?runs=" + fast + "," + slow, token).body())
            .get("comparison")
            .get("rows")
            .get(1);

    assertEquals(1, regressed, regressedOut.toString());
    assertTrue(
        regressedOut
            .toString()
            .lines()
            .anyMatch(line -> line.contains("service_p95") && line.endsWith("REGRESSION")),
        regressedOut.toString());
    assertEquals(0, within, withinOut.toString());
    // The header names the columns, and each change ends under its header's label.
    String vs = slow + " vs " + fast;
    String header =
        regressedOut.toString().lines().filter(line -> line.contains(vs)).findFirst().orElseThrow();
    assertTrue(header.contains("run " + fast) && header.contains("run " + slow), header);
    String serviceLine =
        regressedOut
            .toString()
            .lines()
            .filter(line -> line.contains("service_p95"))
            .toList()
            .get(1);
    assertEquals(
        header.indexOf(vs) + vs.length(), serviceLine.lastIndexOf('%') + 1, "\n" + regressedOut);
    JsonNode service = step.get("metrics").get(3);
    assertEquals("service_p95", service.get("metric").asText());
    assertTrue(service.get("changes").get(0).get("regression").asBoolean(), service.toString());
    assertTrue(service.get("values").get(1).asDouble() >= 200.0, service.toString());
  }

  /** Runs {@code loadline compare} against the test server; its output and errors go to out. */
  private static int compare(StringWriter out, long reference, long other, String tolerance) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(out, true));
    return commandLine.execute(
        "compare",
        Long.toString(reference),
        Long.toString(other),
        "--server",
        test.url(""),
        "--token",
        token,
        "--tolerance",
        tolerance);
  }

  private static HttpResponse<String> sendPlan(String path, String method, String source) {
    return test.send(
        test.request(path, token)
            .header("Content-Type", "application/yaml")
            .method(method, HttpRequest.BodyPublishers.ofString(source)));
  }

  @Test
  void theCliComparesRunsAndExitsZeroWithoutRegression() {
    StringWriter out = new StringWriter();

    int exitCode =
        compare(out, withoutBaseline.get("id").asLong(), withBaseline.get("id").asLong(), "1000");

    assertEquals(0, exitCode, out.toString());
    assertTrue(out.toString().contains("browse / slow"), out.toString());
    assertTrue(out.toString().contains("No regression beyond the tolerance."), out.toString());
  }

  private static JsonNode runToEnd() throws InterruptedException {
    return runToEnd(planId);
  }

  private static JsonNode runToEnd(long planOfTheRun) throws InterruptedException {
    HttpResponse<String> started = post("/api/v1/plans/" + planOfTheRun + "/runs");
    assertEquals(201, started.statusCode(), started.body());
    return awaitEnd(test.readJson(started.body()).get("id").asLong());
  }

  private static JsonNode awaitEnd(long runId) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    JsonNode run = test.readJson(test.get("/api/v1/runs/" + runId, token).body());
    while (run.get("active").asBoolean() && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      run = test.readJson(test.get("/api/v1/runs/" + runId, token).body());
    }
    return run;
  }

  private static HttpResponse<String> post(String path) {
    return test.send(test.request(path, token).POST(HttpRequest.BodyPublishers.noBody()));
  }
}
