package io.loadline.web.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.run.RunRecord;
import io.loadline.web.TestServer;
import io.loadline.web.auth.SessionCookies;
import io.loadline.web.demo.DemoTarget;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run page's threshold lights: live while the run goes on, final after. */
class ThresholdLightsTest {

  @TempDir Path dataDirectory;

  private TestServer test;
  private DemoTarget target;

  @BeforeEach
  void start() {
    target = DemoTarget.start(0);
    test = TestServer.start(dataDirectory);
  }

  @AfterEach
  void stop() {
    test.close();
    target.close();
  }

  @Test
  void eachThresholdShowsPassFailOrNoDataWhileTheRunGoesOnAndAtItsEnd() throws Exception {
    String plan =
        """
        name: lights
        gracefulStop: 2s
        scenarios:
          - name: browse
            load: {model: constant, rate: 20/s, duration: 3s}
            steps:
              - name: fast
                request: {url: "%s/fast"}
        thresholds:
          - p95 < 10s
          - rps > 100000
          - checks > 90%%
        """
            .formatted(target.baseUrl());
    long planId = test.server.plans().create("lights", "yaml", plan).id();
    RunRecord run = test.server.runs().start(planId);
    String cookie = SessionCookies.SESSION + "=" + test.adminToken();
    String live = "/runs/" + run.id() + "/live";

    // While the run goes on: the lights of the latest live check, in the polled fragment.
    String running = awaitFragment(live, cookie, "threshold-lights");
    assertTrue(running.contains("hx-trigger=\"every 1s\""), "the run had already ended");
    assertLights(running);

    String ended = awaitFragment(live, cookie, "FAILED");
    assertLights(ended);
    assertTrue(ended.contains("p95 &lt; 10s") || ended.contains("p95 < 10s"), ended);
  }

  private static void assertLights(String fragment) {
    assertEquals(1, count(fragment, "data-status=\"pass\""), fragment);
    assertEquals(1, count(fragment, "data-status=\"fail\""), fragment);
    assertEquals(1, count(fragment, "data-status=\"no-data\""), fragment);
  }

  private String awaitFragment(String path, String cookie, String expected) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    String body = "";
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> response = test.send(test.request(path).header("Cookie", cookie).GET());
      body = response.body();
      if (response.statusCode() == 200 && body.contains(expected)) {
        return body;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no '" + expected + "' within 20 s in " + body);
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      count++;
    }
    return count;
  }
}
