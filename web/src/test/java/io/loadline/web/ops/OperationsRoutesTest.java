package io.loadline.web.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.testtools.JavalinTest;
import io.loadline.engine.StepSummary;
import io.loadline.pluginhost.PluginRegistry;
import io.loadline.run.RunRecord;
import io.loadline.run.RunState;
import io.loadline.spi.PluginKind;
import io.loadline.web.Directories;
import io.loadline.web.Plans;
import io.loadline.web.TestServer;
import io.loadline.web.demo.DemoTarget;
import io.loadline.web.http.RouteTable;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics}, {@code /health} and {@code /ready} against a real server, engine and target.
 */
class OperationsRoutesTest {

  private static final String SCRAPE_TOKEN = "a-scrape-token-for-tests-only";

  @TempDir Path dataDirectory;

  private TestServer test;
  private DemoTarget target;

  @BeforeEach
  void start() {
    target = DemoTarget.start(0);
    test = TestServer.start(dataDirectory, new OperationsSettings(SCRAPE_TOKEN));
  }

  @AfterEach
  void close() {
    test.close();
    target.close();
  }

  @Test
  void gaugesShowTheWorkInFlightAndCountersEqualTheFinalSummaryWithFailuresAndDrops()
      throws Exception {
    long planId = test.server.plans().create("metrics", "yaml", mixedPlan(target.baseUrl())).id();
    RunRecord run = test.server.runs().start(planId);
    String runLabel = "run=\"" + run.id() + "\"";
    awaitSeries(run.id());

    // Two slow iterations are always in flight (the cap), the others are dropped.
    Map<String, Double> during = scrape();
    assertEquals(1.0, during.get("loadline_active_runs"), during.toString());
    assertEquals(20.0, value(during, "loadline_target_rate_per_second{", runLabel), 0.001);
    assertTrue(value(during, "loadline_in_flight_iterations{", runLabel) > 0, during.toString());
    assertTrue(during.get("loadline_active_virtual_users") > 0, during.toString());
    assertTrue(during.keySet().stream().anyMatch(key -> key.startsWith("jvm_memory")));
    // Most arrivals are dropped at the cap: what came due is above what started.
    double arrivalRate = value(during, "loadline_arrival_rate_per_second{", runLabel);
    double achievedRate = value(during, "loadline_achieved_rate_per_second{", runLabel);
    assertTrue(arrivalRate > achievedRate, arrivalRate + " arrivals, " + achievedRate + " started");
    assertTrue(value(during, "loadline_request_rate_per_second{", runLabel) > 0, during.toString());

    RunRecord ended = test.server.runs().awaitEnd(run.id(), Duration.ofSeconds(30)).orElseThrow();
    assertEquals(RunState.PASSED, ended.state());
    Map<String, Double> after = scrape();
    JsonNode scenario =
        test.readJson(test.get("/api/v1/runs/" + run.id(), test.adminToken()).body())
            .get("summary")
            .get("scenarios")
            .get(0);
    assertTrue(scenario.get("dropped").asLong() > 0, "the cap dropped arrivals: " + scenario);
    assertEquals(
        scenario.get("dropped").asDouble(),
        value(after, "loadline_dropped_arrivals_total{", runLabel));
    assertEquals(
        scenario.get("arrivals").asDouble(), value(after, "loadline_arrivals_total{", runLabel));
    assertTrue(scenario.get("failures").asLong() > 0, "the error step failed: " + scenario);
    for (JsonNode step : scenario.get("steps")) {
      assertStepCounters(after, runLabel, step);
    }
    assertEquals(0.0, after.get("loadline_active_runs"));
    assertEquals(0.0, after.get("loadline_active_virtual_users"));
    assertEquals(0.0, value(after, "loadline_in_flight_iterations{", runLabel));
    assertEquals(0.0, value(after, "loadline_target_rate_per_second{", runLabel));
    assertEquals(0.0, value(after, "loadline_arrival_rate_per_second{", runLabel));
    assertEquals(0.0, value(after, "loadline_achieved_rate_per_second{", runLabel));
    assertEquals(0.0, value(after, "loadline_request_rate_per_second{", runLabel));
    StepSummary fast = ended.summary().scenarios().get(0).steps().get(0);
    assertLatencyHistogram(after, runLabel, fast);
  }

  /** One step's request counters, by outcome, are exactly its summary's figures. */
  private static void assertStepCounters(
      Map<String, Double> samples, String runLabel, JsonNode step) {
    String stepLabel = "step=\"" + step.get("name").asText() + "\"";
    String requests = "loadline_requests_total{";
    assertEquals(
        step.get("successes").asDouble(),
        value(samples, requests, runLabel, stepLabel, "outcome=\"success\""),
        step.toString());
    step.get("failuresByKind")
        .properties()
        .forEach(
            failure -> {
              String kind = failure.getKey();
              double count = failure.getValue().asDouble();
              assertEquals(
                  count, value(samples, requests, runLabel, stepLabel, "outcome=\"" + kind + "\""));
              assertEquals(
                  count,
                  value(
                      samples,
                      "loadline_request_failures_total{",
                      runLabel,
                      stepLabel,
                      "kind=\"" + kind + "\""));
            });
    assertEquals(step.get("requests").asDouble(), sum(samples, requests, runLabel, stepLabel));
  }

  /**
   * 20 arrivals a second for 4 s, at most 2 in flight: a fast step, a step of 500 ms (so the cap is
   * reached and most arrivals are dropped) and a step answered 500 (a failure).
   */
  private static String mixedPlan(String baseUrl) {
    return """
        name: metrics
        gracefulStop: 2s
        maxInFlight: 2
        scenarios:
          - name: browse
            load:
              model: constant
              rate: 20/s
              duration: 4s
            steps:
              - name: fast
                request:
                  method: GET
                  url: %1$s/fast
              - name: slow
                request:
                  method: GET
                  url: %1$s/delay/500
              - name: error
                request:
                  method: GET
                  url: %1$s/status/500
        """
        .formatted(baseUrl);
  }

  @Test
  void latencyIsABucketedHistogramDuringTheRun() throws Exception {
    long planId =
        test.server
            .plans()
            .create("buckets", "yaml", Plans.yaml("buckets", target.baseUrl(), "20/s", "2s"))
            .id();
    RunRecord run = test.server.runs().start(planId);
    String runLabel = "run=\"" + run.id() + "\"";
    awaitSeries(run.id());

    Map<String, Double> during = scrape();
    double countDuring = value(during, "loadline_request_latency_seconds_count{", runLabel);
    assertTrue(countDuring > 0, during.toString());
    assertEquals(countDuring, infBucket(during, runLabel));

    RunRecord ended = test.server.runs().awaitEnd(run.id(), Duration.ofSeconds(20)).orElseThrow();
    StepSummary step = ended.summary().scenarios().get(0).steps().get(0);
    assertLatencyHistogram(scrape(), runLabel, step);
  }

  /**
   * The step's latency series are a histogram: 16 cumulative buckets (1 ms to 60 s, then +Inf),
   * {@code _count} and the +Inf bucket equal to the step's requests, {@code _sum} its mean times
   * its count, and no summary quantiles.
   */
  private static void assertLatencyHistogram(
      Map<String, Double> samples, String runLabel, StepSummary step) {
    String bucket = "loadline_request_latency_seconds_bucket{";
    String stepLabel = "step=\"" + step.name() + "\"";
    List<Double> cumulative =
        samples.entrySet().stream()
            .filter(entry -> matches(entry.getKey(), bucket, runLabel, stepLabel))
            .map(Map.Entry::getValue)
            .toList();
    assertEquals(16, cumulative.size(), samples.toString());
    for (int i = 1; i < cumulative.size(); i++) {
      assertTrue(cumulative.get(i) >= cumulative.get(i - 1), "cumulative: " + cumulative);
    }
    assertTrue(step.requests() > 0, step.toString());
    assertEquals(step.requests(), infBucket(samples, runLabel, stepLabel));
    assertEquals(
        step.requests(),
        value(samples, "loadline_request_latency_seconds_count{", runLabel, stepLabel));
    assertEquals(step.latency().count(), step.requests());
    double expectedSumSeconds = step.latency().meanMillis() * step.requests() / 1000.0;
    assertEquals(
        expectedSumSeconds,
        value(samples, "loadline_request_latency_seconds_sum{", runLabel, stepLabel),
        expectedSumSeconds * 0.01);
    assertTrue(
        samples.keySet().stream().noneMatch(key -> key.contains("quantile=")),
        "latency is a histogram, not a summary");
  }

  private static double infBucket(Map<String, Double> samples, String... labels) {
    String[] parts = Arrays.copyOf(labels, labels.length + 1);
    parts[labels.length] = "le=\"+Inf\"";
    return value(samples, "loadline_request_latency_seconds_bucket{", parts);
  }

  @Test
  void metricsNeedTheScrapeToken() {
    assertEquals(401, test.send(test.request("/metrics")).statusCode());
    assertEquals(401, test.get("/metrics", "not-the-token").statusCode());
    assertEquals(401, test.get("/metrics", test.adminToken()).statusCode());
    HttpResponse<String> scraped = test.get("/metrics", SCRAPE_TOKEN);
    assertEquals(200, scraped.statusCode());
    assertTrue(scraped.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
  }

  @Test
  void metricsAreOffUntilAScrapeTokenIsConfigured() {
    test.close();
    test = TestServer.start(dataDirectory);

    HttpResponse<String> off = test.get("/metrics", SCRAPE_TOKEN);

    assertEquals(404, off.statusCode());
    String contentType = off.headers().firstValue("Content-Type").orElseThrow();
    assertTrue(contentType.startsWith("text/plain"), contentType);
    assertTrue(off.body().startsWith("Metrics are off. Set LOADLINE_METRICS_TOKEN "), off.body());
    assertFalse(off.body().contains("<html"), off.body());
  }

  @Test
  void healthIsLiveAndReadyChecksTheDatabasePluginsAndShutdown() {
    HttpResponse<String> health = test.send(test.request("/health"));
    assertEquals(200, health.statusCode());
    assertEquals("up", test.readJson(health.body()).get("status").asText());
    HttpResponse<String> ready = test.send(test.request("/ready"));
    assertEquals(200, ready.statusCode(), ready.body());
    assertEquals("ok", test.readJson(ready.body()).get("checks").get("database").asText());
    assertEquals("ok", test.readJson(ready.body()).get("checks").get("plugins").asText());

    test.server.runs().close();

    HttpResponse<String> closing = test.send(test.request("/ready"));
    assertEquals(503, closing.statusCode());
    assertEquals("shutting down", test.readJson(closing.body()).get("checks").get("runs").asText());
  }

  @Test
  void readyIs503NamingTheDatabaseWhenItsFileCannotBeOpened() throws Exception {
    // Each query opens a connection to the file, which cannot be created without its directory.
    Directories.deleteRecursively(dataDirectory);
    try {
      HttpResponse<String> ready = test.send(test.request("/ready"));

      assertEquals(503, ready.statusCode(), ready.body());
      JsonNode body = test.readJson(ready.body());
      assertEquals("not ready", body.get("status").asText());
      assertEquals(
          "unreachable: ConnectionException (SQLITE_CANTOPEN)",
          body.get("checks").get("database").asText());
      assertEquals("ok", body.get("checks").get("plugins").asText());
    } finally {
      Files.createDirectories(dataDirectory); // so that the server can close its database
    }
  }

  @Test
  void readyIs503NamingTheMissingPluginKindWhenNoFeederIsLoaded() {
    PluginRegistry loaded = test.server.plugins();
    PluginRegistry withoutFeeders =
        new PluginRegistry(
            loaded.plugins().stream()
                .filter(plugin -> plugin.kind() != PluginKind.FEEDER)
                .toList());
    RouteTable.Builder table = RouteTable.builder();
    new OperationsRoutes(
            test.server.database(),
            withoutFeeders,
            test.server.runs(),
            new RunMetrics(test.server.runs(), Clock.systemUTC()),
            OperationsSettings.defaults())
        .addRoutes(table);
    RouteTable routes = table.build();
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.jetty.host = "127.0.0.1";
              config.jsonMapper(new JavalinJackson(test.json, false));
              routes.registerWith(config.routes);
            });

    JavalinTest.test(
        app,
        (server, client) -> {
          var ready = client.get("/ready");
          String text = ready.body().string();

          assertEquals(503, ready.code(), text);
          JsonNode body = test.readJson(text);
          assertEquals("not ready", body.get("status").asText());
          assertEquals("no feeder plugin loaded", body.get("checks").get("plugins").asText());
          assertEquals("ok", body.get("checks").get("database").asText());
        });
  }

  private void awaitSeries(long runId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (test.server.runs().latestInterval(runId).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  /** Every sample line of the exposition: the series (name and labels) and its value. */
  private Map<String, Double> scrape() {
    HttpResponse<String> response = test.get("/metrics", SCRAPE_TOKEN);
    assertEquals(200, response.statusCode(), response.body());
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : response.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return samples;
  }

  /** The value of the one series whose key starts with {@code prefix} and holds every part. */
  private static double value(Map<String, Double> samples, String prefix, String... parts) {
    var matching =
        samples.entrySet().stream()
            .filter(entry -> matches(entry.getKey(), prefix, parts))
            .toList();
    assertEquals(1, matching.size(), prefix + " " + String.join(",", parts) + ": " + matching);
    return matching.get(0).getValue();
  }

  private static double sum(Map<String, Double> samples, String prefix, String... parts) {
    return samples.entrySet().stream()
        .filter(entry -> matches(entry.getKey(), prefix, parts))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  private static boolean matches(String key, String prefix, String... parts) {
    if (!key.startsWith(prefix)) {
      return false;
    }
    for (String part : parts) {
      if (!key.contains(part)) {
        return false;
      }
    }
    return true;
  }
}
