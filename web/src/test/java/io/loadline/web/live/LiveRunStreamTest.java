package io.loadline.web.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.loadline.engine.IntervalSnapshot;
import io.loadline.run.RunRecord;
import io.loadline.run.RunState;
import io.loadline.web.Plans;
import io.loadline.web.TestServer;
import io.loadline.web.demo.DemoTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live run page's event stream against a real server, engine and target. */
class LiveRunStreamTest {

  @TempDir Path dataDirectory;

  private TestServer test;
  private DemoTarget target;

  @BeforeEach
  void start() {
    target = DemoTarget.start(0);
    test = TestServer.start(dataDirectory);
  }

  @AfterEach
  void close() {
    test.close();
    target.close();
  }

  @Test
  void aViewerJoiningMidRunGetsTheHistoryThenEachNewSecondThenTheEnd() throws Exception {
    RunRecord run = startRun("3s");
    awaitSeries(run.id(), 1);

    List<Event> events = readStream(run.id(), test.adminToken());

    assertEquals("history", events.get(0).name(), events.toString());
    JsonNode history = test.readJson(events.get(0).data());
    assertTrue(history.size() >= 1, "joined after the first second: " + history);
    assertEquals(0, history.get(0).get("second").asLong());
    assertTrue(history.get(0).get("targetRatePerSecond").asDouble() > 0, history.toString());
    List<Long> pointSeconds =
        events.stream()
            .filter(event -> event.name().equals("point"))
            .map(event -> test.readJson(event.data()).get("second").asLong())
            .toList();
    assertFalse(pointSeconds.isEmpty(), "live points after the history: " + events);
    long lastHistorySecond = history.get(history.size() - 1).get("second").asLong();
    assertTrue(pointSeconds.get(pointSeconds.size() - 1) > lastHistorySecond, events.toString());
    Event last = events.get(events.size() - 1);
    assertEquals("ended", last.name(), events.toString());
    Event finalFigures = events.get(events.size() - 2);
    assertEquals("figures", finalFigures.name());
    assertTrue(finalFigures.data().contains("PASSED"), finalFigures.data());
    assertTrue(finalFigures.data().contains(">fast<"), finalFigures.data());
    assertFalse(finalFigures.data().contains("/stop"), "no stop button once ended");
  }

  @Test
  void aFinishedRunStreamsItsWholeSeriesAndEndsAtOnce() throws Exception {
    RunRecord run = startRun("2s");
    assertEquals(
        RunState.PASSED,
        test.server.runs().awaitEnd(run.id(), Duration.ofSeconds(20)).orElseThrow().state());

    List<Event> events = readStream(run.id(), test.adminToken());

    assertEquals(List.of("history", "figures", "ended"), events.stream().map(Event::name).toList());
    assertEquals(
        test.server.runs().series(run.id()).size(), test.readJson(events.get(0).data()).size());
  }

  @Test
  void aNewViewerOfALongRunGetsAThinnedHistoryEndingAtTheLatestSecond() throws Exception {
    RunRecord run = startRun("1s");
    test.server.runs().awaitEnd(run.id(), Duration.ofSeconds(20));
    IntervalSnapshot stored = test.server.runs().series(run.id()).getFirst();
    // Ten thousand seconds of rows, as a run of almost three hours would leave.
    test.server
        .database()
        .useTransaction(
            handle -> {
              var batch =
                  handle.prepareBatch(
                      "INSERT OR REPLACE INTO run_series (run_id, second, payload_json)"
                          + " VALUES (?, ?, ?)");
              for (long second = 0; second < 10_000; second++) {
                IntervalSnapshot row =
                    new IntervalSnapshot(second, stored.endedAt(), stored.scenarios());
                batch.bind(0, run.id()).bind(1, second).bind(2, test.json.writeValueAsString(row));
                batch.add();
              }
              batch.execute();
            });

    List<Event> events = readStream(run.id(), test.adminToken());

    JsonNode history = test.readJson(events.get(0).data());
    assertTrue(history.size() <= LiveRunStream.MAX_HISTORY_POINTS, "points: " + history.size());
    assertTrue(history.size() >= LiveRunStream.MAX_HISTORY_POINTS / 2, "points: " + history.size());
    assertEquals(9_999, history.get(history.size() - 1).get("second").asLong());
  }

  @Test
  void theStreamNeedsASignedInViewer() {
    RunRecord run = startRun("1s");

    HttpResponse<String> stranger = test.send(test.request("/runs/" + run.id() + "/events"));

    assertEquals(303, stranger.statusCode());
    assertEquals("/login", stranger.headers().firstValue("Location").orElseThrow());
  }

  @Test
  void aHeadOfARunningRunsStreamAnswersAtOnceWithoutHoldingAViewer() throws Exception {
    RunRecord run = startRun("20s");

    HttpResponse<String> head =
        test.send(
            test.request("/runs/" + run.id() + "/events")
                .header("Cookie", "loadline_session=" + test.adminToken())
                .timeout(Duration.ofSeconds(10))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    boolean stillRunning = !test.server.runs().find(run.id()).orElseThrow().state().isTerminal();
    test.server.runs().stop(run.id());

    assertEquals(200, head.statusCode(), head.headers().toString());
    assertTrue(
        head.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
        head.headers().toString());
    assertTrue(stillRunning, "answered while the run went on, not at its end");
  }

  private RunRecord startRun(String duration) {
    long planId =
        test.server
            .plans()
            .create("live", "yaml", Plans.yaml("live", target.baseUrl(), "20/s", duration))
            .id();
    return test.server.runs().start(planId);
  }

  private void awaitSeries(long runId, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (test.server.runs().series(runId).size() < seconds && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  /** Reads the stream to its end (the server closes it after 'ended'). */
  private List<Event> readStream(long runId, String token) throws IOException {
    HttpResponse<InputStream> response;
    try {
      response =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  test.request("/runs/" + runId + "/events")
                      .header("Cookie", "loadline_session=" + token)
                      .header("Accept", "text/event-stream")
                      .build(),
                  HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
    assertEquals(200, response.statusCode());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    List<Event> events = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String name = null;
      StringBuilder data = new StringBuilder();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("event:")) {
          name = line.substring("event:".length()).strip();
        } else if (line.startsWith("data:")) {
          data.append(data.isEmpty() ? "" : "\n").append(line.substring("data:".length()).strip());
        } else if (line.isEmpty() && name != null) {
          events.add(new Event(name, data.toString()));
          name = null;
          data.setLength(0);
        }
      }
    }
    return events;
  }

  private record Event(String name, String data) {
    @Override
    public String toString() {
      return name;
    }
  }
}
