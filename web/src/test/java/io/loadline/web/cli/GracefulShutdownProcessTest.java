package io.loadline.web.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loadline.web.HdrLogs;
import io.loadline.web.TestServer;
import io.loadline.web.demo.DemoTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loadline serve} as a real process, stopped by SIGTERM while requests of 1.5 s are in
 * flight: it drains them within the plan's graceful stop (2 s) and exits 0; a second {@code serve}
 * on the same data directory then shows, through the API, the run CANCELLED with reason shutdown,
 * every request counted and its stored series and histograms adding up to its summary.
 */
class GracefulShutdownProcessTest {

  /**
   * The graceful stop (2 s) plus a margin for the JVM's exit on a loaded machine. The process was
   * measured exiting 1.5 to 1.7 s after SIGTERM on the 2-core test machine at a load average of 9
   * (the drain of 1.5 s, then closing the server and the database). RunService's extra 5 s only
   * serve a run that does not drain, which the log check below rules out.
   */
  private static final Duration EXIT_WITHIN = Duration.ofSeconds(10);

  private static final String ADMIN_PASSWORD = TestServer.ADMIN_PASSWORD;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDirectory;

  private final HttpClient http = HttpClient.newHttpClient();
  private DemoTarget target;
  private Process server;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null && server.isAlive()) {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (target != null) {
      target.close();
    }
    http.close();
  }

  @Test
  void sigtermDrainsTheInFlightRequestsExitsZeroAndTheRestartedServerShowsTheRunCancelled()
      throws Exception {
    target = DemoTarget.start(0);
    Path plan = dataDirectory.resolve("plan.yaml");
    Files.writeString(plan, slowPlan(target.baseUrl()));
    Path firstLog = dataDirectory.resolve("server.log");
    server = startServer(firstLog, "--run", plan.toString());
    BlockingQueue<String> output = readLines(server);
    String baseUrl = dashboardUrl(output, firstLog);
    awaitLine(output, "Run #", firstLog);
    String token = login(baseUrl);
    long completedBeforeStop = awaitCompletedRequests(baseUrl, token, 10, firstLog);

    // Requests of 1.5 s arrive 10 a second: about 15 are in flight now.
    long receivedByTarget = target.requestsServed();
    assertTrue(receivedByTarget > completedBeforeStop, "requests are in flight at SIGTERM");
    long signalledAt = System.nanoTime();
    server.destroy(); // SIGTERM on Linux
    boolean exited = server.waitFor(EXIT_WITHIN.toSeconds(), TimeUnit.SECONDS);
    Duration shutdownTook = Duration.ofNanos(System.nanoTime() - signalledAt);

    assertTrue(exited, "still running " + EXIT_WITHIN + " after SIGTERM:\n" + log(firstLog));
    assertEquals(0, server.exitValue(), log(firstLog));
    assertFalse(log(firstLog).contains("did not end within"), log(firstLog));
    System.out.println("serve exited " + shutdownTook.toMillis() + " ms after SIGTERM");

    Path secondLog = dataDirectory.resolve("restarted.log");
    server = startServer(secondLog);
    String restartedUrl = dashboardUrl(readLines(server), secondLog);
    String restartedToken = login(restartedUrl);
    JsonNode run = getJson(restartedUrl, "/api/v1/runs/1", restartedToken);

    assertEquals("CANCELLED", run.get("state").asText(), run.toString());
    assertEquals("shutdown", run.get("stopReason").asText());
    JsonNode scenario = run.get("summary").get("scenarios").get(0);
    long requests = scenario.get("requests").asLong();
    assertTrue(requests > completedBeforeStop, "requests ended after SIGTERM: " + scenario);
    assertEquals(target.requestsServed(), requests, "every request the target got was counted");
    assertEquals(requests, scenario.get("successes").asLong(), scenario.toString());
    assertEquals(0, scenario.get("interrupted").asLong(), "none was cut off: " + scenario);
    assertEquals(requests, scenario.get("requestsSent").asLong(), scenario.toString());
    assertEquals(requests, seriesRequests(restartedUrl, restartedToken));
    assertEquals(requests, histogramLatencyCount(restartedUrl, restartedToken));
  }

  /** 10 requests of 1.5 s a second for a minute; the graceful stop (2 s) outlasts one. */
  private static String slowPlan(String baseUrl) {
    return """
        name: sigterm
        gracefulStop: 2s
        scenarios:
          - name: browse
            load:
              model: constant
              rate: 10/s
              duration: 60s
            steps:
              - name: slow
                request:
                  method: GET
                  url: %s/delay/1500
        """
        .formatted(baseUrl);
  }

  /** The requests of the run's stored 1 s series (the CSV report), summed. */
  private long seriesRequests(String baseUrl, String token) throws Exception {
    List<String> lines = get(baseUrl, "/api/v1/runs/1/report.csv", token).lines().toList();
    assertTrue(lines.size() > 1, "series rows are stored: " + lines);
    long requests = 0;
    for (String line : lines.subList(1, lines.size())) {
      requests += Long.parseLong(line.split(",", -1)[5]);
    }
    return requests;
  }

  /** The latency values of the run's stored histograms (the HdrHistogram log), counted. */
  private long histogramLatencyCount(String baseUrl, String token) throws Exception {
    String hlog = get(baseUrl, "/api/v1/runs/1/report.hlog", token);
    HdrLogs.Counts counts = HdrLogs.read(hlog);
    assertTrue(counts.histograms() > 0, "histogram rows are stored:\n" + hlog);
    return counts.latencyValues();
  }

  private long awaitCompletedRequests(String baseUrl, String token, long atLeast, Path log)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    long completed = 0;
    while (System.nanoTime() < deadline) {
      JsonNode summary = getJson(baseUrl, "/api/v1/runs/1", token).get("summary");
      if (summary != null && !summary.isNull() && !summary.get("scenarios").isEmpty()) {
        completed = summary.get("scenarios").get(0).get("requests").asLong();
        if (completed >= atLeast) {
          return completed;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("only " + completed + " requests ended; server log:\n" + log(log));
  }

  private String login(String baseUrl) throws Exception {
    String body = "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}";
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body()).get("token").asText();
  }

  private JsonNode getJson(String baseUrl, String path, String token) throws Exception {
    return JSON.readTree(get(baseUrl, path, token));
  }

  private String get(String baseUrl, String path, String token) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    return response.body();
  }

  private Process startServer(Path log, String... extraArguments) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--data-dir",
            dataDirectory.toString(),
            "--plugins-dir",
            dataDirectory.resolve("no-plugins").toString());
    builder.command().addAll(List.of(extraArguments));
    builder.environment().put("LOADLINE_ADMIN_PASSWORD", ADMIN_PASSWORD);
    builder.environment().put("LOADLINE_JWT_SECRET", TestServer.JWT_SECRET);
    builder.redirectError(log.toFile());
    return builder.start();
  }

  private static BlockingQueue<String> readLines(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader output =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                output.lines().forEach(lines::add);
              } catch (IOException ended) {
                // The process went away; the test reports what it saw.
              }
            },
            "server-stdout");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  /** The server's base URL, from its "Loadline dashboard: URL/" line. */
  private String dashboardUrl(BlockingQueue<String> lines, Path log) throws Exception {
    String line = awaitLine(lines, "Loadline dashboard: ", log);
    String url = line.substring("Loadline dashboard: ".length()).strip();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private String awaitLine(BlockingQueue<String> lines, String start, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith(start)) {
        return line;
      }
      if (line == null && !server.isAlive()) {
        break;
      }
    }
    throw new AssertionError("no line starting '" + start + "'; server log:\n" + log(log));
  }

  private static String log(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log) : "(no log)";
  }
}
