package io.loadline.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.loadline.report.SeriesCsv;
import io.loadline.web.HdrLogs;
import io.loadline.web.TestServer;
import io.loadline.web.demo.DemoTarget;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports of one finished two-step run with thresholds, from the real server on 127.0.0.1
 * against a real demo target: their counts agree with each other and with the run, the HdrHistogram
 * log reads back with HdrHistogram's own reader, and the HTML report draws its charts in headless
 * Chromium with every network request refused (skipped when Chromium is not installed).
 */
class ReportApiTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir static Path dataDirectory;

  private static TestServer test;
  private static DemoTarget target;
  private static String token;
  private static long runId;
  private static JsonNode run;

  @BeforeAll
  static void runAPlan() throws Exception {
    target = DemoTarget.start(0);
    test = TestServer.start(dataDirectory);
    token = test.adminToken();
    String source =
        """
        name: reported
        gracefulStop: 1s
        scenarios:
          - name: browse
            load: {model: constant, rate: 20/s, duration: 2s}
            steps:
              - name: home
                request: {method: GET, url: "%1$s/fast"}
              - name: broken
                request: {method: GET, url: "%1$s/status/500"}
                checks: [{status: 200}]
        thresholds:
          - p95 < 5s
          - {threshold: error_rate < 1%%, step: broken}
        """
            .formatted(target.baseUrl());
    HttpResponse<String> created =
        test.send(
            test.request("/api/v1/plans", token)
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(source)));
    assertEquals(201, created.statusCode(), created.body());
    long planId = test.readJson(created.body()).get("id").asLong();
    HttpResponse<String> started =
        test.send(
            test.request("/api/v1/plans/" + planId + "/runs", token)
                .POST(HttpRequest.BodyPublishers.noBody()));
    runId = test.readJson(started.body()).get("id").asLong();
    assertEquals(409, test.get(report("json"), token).statusCode(), "an active run has none");
    run = awaitEnd(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    test.close();
    target.close();
  }

  @Test
  void theRunShowsEachThresholdsObservedValueAndVerdict() {
    assertEquals("FAILED", run.get("state").asText(), run.toString());
    JsonNode thresholds = run.get("thresholds");
    assertEquals(2, thresholds.size());
    assertTrue(thresholds.get(0).get("passed").asBoolean());
    assertFalse(thresholds.get(1).get("passed").asBoolean());
    assertEquals(100.0, thresholds.get(1).get("observed").asDouble());
    assertEquals("%", thresholds.get(1).get("unit").asText());
    // The run list carries the same verdicts (it leaves out only the summary).
    JsonNode listed =
        test.readJson(test.get("/api/v1/runs?planId=" + run.get("planId").asLong(), token).body())
            .get(0);
    assertEquals(run.get("id").asLong(), listed.get("id").asLong());
    assertEquals(thresholds, listed.get("thresholds"));
    assertTrue(listed.get("summary").isNull(), listed.toString());
  }

  @Test
  void theJsonSummaryCountsAreExactAndConsistent() {
    HttpResponse<String> response = test.get(report("json"), token);
    assertEquals(200, response.statusCode(), response.body());
    JsonNode report = test.readJson(response.body());

    assertEquals(1, report.get("schemaVersion").asInt());
    assertEquals("FAILED", report.get("state").asText());
    assertEquals("summary", report.get("summarySource").asText());
    JsonNode totals = report.get("totals");
    long requests = totals.get("requests").asLong();
    assertTrue(requests >= 70, "two steps of about 40 iterations: " + requests);
    assertEquals(requests, totals.get("successes").asLong() + totals.get("failures").asLong());
    JsonNode scenario = report.get("summary").get("scenarios").get(0);
    long stepSum = 0;
    for (JsonNode step : scenario.get("steps")) {
      stepSum += step.get("requests").asLong();
      assertEquals(
          step.get("requests").asLong(),
          step.get("successes").asLong() + step.get("failures").asLong());
    }
    assertEquals(scenario.get("requests").asLong(), stepSum);
    assertEquals(requests, scenario.get("requests").asLong());
    assertEquals(2, report.get("thresholds").size());
    assertTrue(report.get("planSource").asText().contains("name: reported"));
  }

  @Test
  void theCsvHasOneRowPerIntervalAndItsRequestsAddUp() {
    HttpResponse<String> response = test.get(report("csv"), token);
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
    List<String> lines = response.body().lines().toList();

    assertEquals(SeriesCsv.HEADER, lines.getFirst());
    long requests = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      assertEquals(19, cells.length, line);
      assertEquals("browse", cells[2]);
      requests += Long.parseLong(cells[5]);
    }
    assertTrue(lines.size() >= 3, response.body());
    assertEquals(run.get("summary").get("scenarios").get(0).get("requests").asLong(), requests);
  }

  @Test
  void theHdrLogReadsBackWithHdrHistogramsReaderAndHoldsEveryRequest() {
    HttpResponse<String> response = test.get(report("hlog"), token);
    assertEquals(200, response.statusCode());
    HdrLogs.Counts counts = HdrLogs.read(response.body());

    assertEquals(4, counts.histograms(), "two steps, latency and service time each");
    assertEquals(
        run.get("summary").get("scenarios").get(0).get("requests").asLong(),
        counts.latencyValues());
  }

  @Test
  void theHtmlReportIsOneFileThatDrawsItsChartsWithoutNetwork() throws Exception {
    HttpResponse<String> response = test.get(report("html"), token);
    assertEquals(200, response.statusCode());
    String html = response.body();
    assertFalse(html.contains("<script src"), "no external script");
    assertFalse(html.contains("<link "), "no external stylesheet");
    assertTrue(html.contains("uPlot"), "uPlot is inlined");
    assertTrue(html.contains("error_rate &lt; 1%"), "the thresholds are shown");
    assertTrue(html.contains("name: reported"), "the plan is shown");
    assertTrue(
        html.matches(
            "(?s).*<h2>Checks and extractions</h2>.*<tr class=\"failed\"><td>browse / broken</td>"
                + "<td>check status in \\[200\\]</td><td>0</td><td>[1-9][0-9]*</td>"
                + "<td>100.0%</td>.*"),
        "the failed check is shown");
    Path file = Files.writeString(dataDirectory.resolve("report.html"), html);

    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM),
        "Chromium is not installed at "
            + CHROMIUM
            + "; apt-get install chromium to run this check");
    String dom = dumpDom(file);
    assertTrue(dom.contains("data-charts=\"drawn\""), "the chart script ran to its end");
    assertEquals(3, countOf(dom, "class=\"uplot"), "three uPlot charts: " + dom.length());
    assertTrue(dom.contains("<canvas"), "the charts are drawn on canvases");
  }

  @Test
  void theServedHtmlReportHasAPolicyAllowingExactlyItsOwnInlineScriptsAndStyleByHash()
      throws Exception {
    HttpResponse<String> response = test.get(report("html"), token);

    List<String> policies = response.headers().allValues("Content-Security-Policy");
    assertEquals(1, policies.size(), policies.toString());
    String policy = policies.getFirst();
    assertFalse(policy.contains("unsafe-inline"), policy);
    assertTrue(policy.startsWith("default-src 'none';"), policy);
    Matcher inline =
        Pattern.compile("<(script|style)>(.*?)</\\1>", Pattern.DOTALL).matcher(response.body());
    List<String> allowed = new ArrayList<>();
    while (inline.find()) {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(inline.group(2).getBytes(StandardCharsets.UTF_8));
      String source = "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
      String directive = inline.group(1) + "-src ";
      assertTrue(policy.contains(directive), policy);
      String listed = policy.substring(policy.indexOf(directive)).split(";")[0];
      assertTrue(listed.contains(source), inline.group(1) + " " + source + " in " + policy);
      allowed.add(source);
    }
    assertEquals(3, allowed.size(), "uPlot's script, the chart script and the style");
    assertEquals(3, policy.split("'sha256-").length - 1, "no other code is allowed: " + policy);
  }

  private static String dumpDom(Path file) throws Exception {
    Path profile = Files.createTempDirectory(dataDirectory, "chromium");
    Process chromium =
        new ProcessBuilder(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + profile,
                // Refuse every host name and proxy every request to a closed port: no network.
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--proxy-server=127.0.0.1:9",
                "--virtual-time-budget=5000",
                "--dump-dom",
                file.toUri().toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] dom = chromium.getInputStream().readAllBytes();
    assertTrue(chromium.waitFor(60, TimeUnit.SECONDS), "Chromium did not exit");
    return new String(dom, StandardCharsets.UTF_8);
  }

  private static int countOf(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  private static String report(String format) {
    return "/api/v1/runs/" + runId + "/report." + format;
  }

  private static JsonNode awaitEnd(Duration maxWait) throws InterruptedException {
    Instant deadline = Instant.now().plus(maxWait);
    JsonNode current = readRun();
    while (current.get("active").asBoolean() && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      current = readRun();
    }
    assertNotNull(current.get("state"));
    return current;
  }

  private static JsonNode readRun() {
    HttpResponse<String> response = test.get("/api/v1/runs/" + runId, token);
    assertEquals(200, response.statusCode(), response.body());
    return test.readJson(response.body());
  }
}
