package io.loadline.web.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.run.RunRecord;
import io.loadline.web.TestServer;
import io.loadline.web.demo.DemoTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * On a 1280 x 900 screen the run page shows the key figures of its per-step table (requests,
 * failed, p50, p95, p99, svc p95) without a sideways scroll, and the HTML report fits the screen
 * with its time axis starting at second 0, as the dashboard's does. Skipped, with a message, on a
 * machine without Chromium or ChromeDriver.
 */
class RunPageWidthBrowserTest {

  private static final int LAPTOP_WIDTH = 1280;
  private static final int LAPTOP_HEIGHT = 900;

  @TempDir Path dataDirectory;
  @TempDir Path browserProfile;

  private TestServer test;
  private DemoTarget target;
  private HeadlessChromium chromium;

  @BeforeEach
  void start() {
    chromium = HeadlessChromium.start(browserProfile);
    target = DemoTarget.start(0);
    test = TestServer.start(dataDirectory);
  }

  @AfterEach
  void close() {
    if (chromium != null) {
      chromium.close();
    }
    if (test != null) {
      test.close();
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  void theKeyColumnsOfTheRunTableAreOnScreenAt1280Pixels() throws Exception {
    RunRecord run = runToEnd("widths", failingPlan());
    signInAt1280();

    chromium.driver().get(test.url("/runs/" + run.id()));
    chromium.waitFor(By.cssSelector("table.figures thead th"));

    assertEquals(LAPTOP_WIDTH, ((Number) chromium.script("return innerWidth;")).intValue());
    for (String heading : List.of("requests", "failed", "p50", "p95", "p99", "svc p95")) {
      Object right =
          chromium.script(
              "var cells = Array.from(document.querySelectorAll('table.figures thead th'));"
                  + " var cell = cells.find(function (c) {"
                  + "   return c.textContent.trim() === '"
                  + heading
                  + "'; });"
                  + " return cell ? cell.getBoundingClientRect().right : -1;");
      double rightEdge = ((Number) right).doubleValue();
      assertTrue(rightEdge > 0, "no heading '" + heading + "' in the run table");
      assertTrue(
          rightEdge <= LAPTOP_WIDTH,
          "'" + heading + "' ends at " + rightEdge + " px, past the 1280 px screen");
    }
  }

  @Test
  void theHtmlReportFitsTheScreenAndItsTimeAxisStartsAtSecondZero() throws Exception {
    RunRecord run = runToEnd("three", threeScenarioPlan());
    signInAt1280();

    chromium.driver().get(test.url("/runs/" + run.id() + "/report.html"));
    chromium.waitUntil(
        () ->
            "drawn"
                .equals(
                    chromium
                        .driver()
                        .findElement(By.tagName("body"))
                        .getDomAttribute("data-charts")));

    // Twelve latency series (three scenarios, four percentiles) make the widest legend.
    long pageWidth =
        ((Number) chromium.script("return document.documentElement.scrollWidth;")).longValue();
    assertTrue(
        pageWidth <= LAPTOP_WIDTH,
        "the report is " + pageWidth + " px wide: " + chromium.elementsPastTheRightEdge());
    Object firstSecond =
        chromium.script(
            "return JSON.parse(document.getElementById('series').textContent).seconds[0];");
    assertEquals(0, ((Number) firstSecond).intValue(), "the dashboard's axis starts at 0 too");
  }

  private RunRecord runToEnd(String planName, String source) throws InterruptedException {
    long planId = test.server.plans().create(planName, "yaml", source).id();
    RunRecord run = test.server.runs().start(planId);
    test.server.runs().awaitEnd(run.id(), HeadlessChromium.WAIT);
    return run;
  }

  private void signInAt1280() {
    chromium.signIn(test, "admin", TestServer.ADMIN_PASSWORD);
    ((ChromeDriver) chromium.driver())
        .executeCdpCommand(
            "Emulation.setDeviceMetricsOverride",
            Map.of(
                "width",
                LAPTOP_WIDTH,
                "height",
                LAPTOP_HEIGHT,
                "deviceScaleFactor",
                1,
                "mobile",
                false));
  }

  private String threeScenarioPlan() {
    StringBuilder plan = new StringBuilder("name: three\nscenarios:\n");
    for (String name : List.of("browse-the-catalogue", "checkout-with-a-card", "search")) {
      plan.append("  - name: ").append(name).append("\n");
      plan.append("    load: {model: constant, rate: 5/s, duration: 2s}\n");
      plan.append("    steps:\n");
      plan.append("      - request: {method: GET, url: ").append(target.baseUrl());
      plan.append("/fast}\n");
    }
    return plan.toString();
  }

  /** Half the requests fail (500), so the failures-by-kind column holds text. */
  private String failingPlan() {
    return """
        name: widths
        scenarios:
          - name: checkout-and-browse
            load: {model: constant, rate: 10/s, duration: 2s}
            steps:
              - name: home-page-of-the-shop
                request: {method: GET, url: %1$s/delay/20}
              - name: broken
                request: {method: GET, url: %1$s/status/500}
        """
        .formatted(target.baseUrl());
  }
}
