package io.loadline.web.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoTargetTest {

  private static DemoTarget target;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    target = DemoTarget.start(0);
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  @Test
  void answersFastDelayedAndChosenStatusesAndCountsThemButNotStats() throws Exception {
    long before = target.requestsServed();

    assertEquals(200, get("/fast").statusCode());
    long start = System.nanoTime();
    HttpResponse<String> delayed = get("/delay/50");
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(200, delayed.statusCode());
    assertTrue(elapsedMillis >= 50, "answered after " + elapsedMillis + " ms");
    assertEquals(200, get("/delay?ms=1").statusCode());
    assertEquals(503, get("/status/503").statusCode());
    HttpResponse<String> stats = get("/stats");

    assertEquals(before + 4, target.requestsServed());
    assertTrue(stats.body().contains("\"requestsServed\":" + (before + 4)), stats.body());
  }

  @Test
  void refusesNonsenseDelaysAndStatuses() throws Exception {
    assertEquals(400, get("/delay/-1").statusCode());
    assertEquals(400, get("/delay/abc").statusCode());
    assertEquals(400, get("/status/99").statusCode());
  }

  @Test
  void listensOnLoopbackOnly() {
    assertTrue(target.baseUrl().startsWith("http://127.0.0.1:"));
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(target.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
