package io.loadline.web.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.loadline.LoadlineException;
import io.loadline.engine.RunSummary;
import io.loadline.threshold.ThresholdResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Loadline server driven through its REST API for {@code run --server}: finds or creates the
 * plan, starts a run, polls it to its end and reads it back. Every call sends {@code Authorization:
 * Bearer} with the API key or token it was given; the secret is never printed. Not thread-safe; one
 * per command.
 */
final class RemoteRun {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  /** A run as the server shows it, reduced to what the command prints. */
  record RemoteRunState(
      long id,
      String planName,
      String state,
      String stopReason,
      String error,
      Long durationMillis,
      RunSummary summary,
      List<ThresholdResult> thresholds) {

    boolean active() {
      return state.equals("PENDING") || state.equals("RUNNING");
    }
  }

  /** The server refused a plan: its problems, each with a path. */
  static final class InvalidPlan extends LoadlineException {
    final List<String> problems;

    InvalidPlan(List<String> problems) {
      super("The server found the plan invalid");
      this.problems = List.copyOf(problems);
    }
  }

  private final URI server;
  private final String secret;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(CALL_TIMEOUT).build();
  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  RemoteRun(URI server, String secret) {
    this.server = URI.create(server.toString().replaceAll("/+$", "") + "/");
    this.secret = secret;
  }

  /** The id of a stored plan with exactly this source, or of a new one made from it. */
  long planId(String source, String format) throws InterruptedException {
    for (JsonNode plan : call("GET", "api/v1/plans", null, null)) {
      long id = plan.get("id").asLong();
      JsonNode full = call("GET", "api/v1/plans/" + id, null, null);
      if (source.equals(full.path("source").asText())) {
        return id;
      }
    }
    String type = format.equals("json") ? "application/json" : "application/yaml";
    return call("POST", "api/v1/plans", source, type).get("id").asLong();
  }

  /** Starts a run of the plan; returns its id. */
  long start(long planId) throws InterruptedException {
    return call("POST", "api/v1/plans/" + planId + "/runs", "", null).get("id").asLong();
  }

  RemoteRunState read(long runId) throws InterruptedException {
    JsonNode run = call("GET", "api/v1/runs/" + runId, null, null);
    try {
      RunSummary summary =
          run.path("summary").isObject()
              ? json.treeToValue(run.get("summary"), RunSummary.class)
              : null;
      List<ThresholdResult> thresholds = new ArrayList<>();
      for (JsonNode threshold : run.path("thresholds")) {
        thresholds.add(json.treeToValue(threshold, ThresholdResult.class));
      }
      return new RemoteRunState(
          run.get("id").asLong(),
          run.path("planName").asText(),
          run.path("state").asText(),
          textOrNull(run.get("stopReason")),
          textOrNull(run.get("error")),
          run.hasNonNull("durationMillis") ? run.get("durationMillis").asLong() : null,
          summary,
          thresholds);
    } catch (IOException e) {
      throw new LoadlineException("The server's run " + runId + " could not be read: " + e, e);
    }
  }

  /** Asks the server to stop the run (Ctrl-C); failures are ignored, the run ends anyway. */
  void stop(long runId) {
    try {
      call("POST", "api/v1/runs/" + runId + "/stop", "", null);
    } catch (RuntimeException | InterruptedException e) {
      // The run may have ended already; the poll shows its end either way.
    }
  }

  /** The body of a GET on a path such as {@code api/v1/runs/3/report.json}, as text. */
  String text(String path) throws InterruptedException {
    return send(request("GET", path, null, null)).body();
  }

  private JsonNode call(String method, String path, String body, String contentType)
      throws InterruptedException {
    HttpResponse<String> response = send(request(method, path, body, contentType));
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new LoadlineException(
          method + " " + path + " answered with something that is not JSON: " + e.getMessage());
    }
  }

  private HttpRequest request(String method, String path, String body, String contentType) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(server.resolve(path))
            .timeout(CALL_TIMEOUT)
            .header("Authorization", "Bearer " + secret)
            .header("Accept", "application/json");
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body);
    return builder.method(method, publisher).build();
  }

  private HttpResponse<String> send(HttpRequest request) throws InterruptedException {
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new LoadlineException(
          "Cannot reach the Loadline server at " + server + " (" + e + "); check --server.");
    }
    if (response.statusCode() == 400) {
      throwInvalidPlanOrBadRequest(request, response);
    }
    if (response.statusCode() == 401) {
      throw new LoadlineException(
          "The server refused the credentials (401); check --api-key or --token (or"
              + " $LOADLINE_API_KEY).");
    }
    if (response.statusCode() == 403) {
      // report and compare need only a viewer: the server's answer names the role this needed.
      throw new LoadlineException(
          "The server refused the request (403): " + errorOf(response.body()));
    }
    if (response.statusCode() >= 300) {
      throw new LoadlineException(
          request.method()
              + " "
              + request.uri().getPath()
              + " answered "
              + response.statusCode()
              + ": "
              + errorOf(response.body()));
    }
    return response;
  }

  private void throwInvalidPlanOrBadRequest(HttpRequest request, HttpResponse<String> response) {
    List<String> problems = new ArrayList<>();
    try {
      for (JsonNode problem : json.readTree(response.body()).path("problems")) {
        problems.add(problem.path("path").asText() + ": " + problem.path("message").asText());
      }
    } catch (IOException e) {
      // Not JSON: reported below as a plain bad request.
    }
    if (!problems.isEmpty()) {
      throw new InvalidPlan(problems);
    }
    throw new LoadlineException(
        request.method() + " " + request.uri().getPath() + ": " + errorOf(response.body()));
  }

  private String errorOf(String body) {
    try {
      return json.readTree(body).path("error").asText(body);
    } catch (IOException e) {
      return body;
    }
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  @Override
  public String toString() {
    return "RemoteRun[" + server + "]";
  }
}
