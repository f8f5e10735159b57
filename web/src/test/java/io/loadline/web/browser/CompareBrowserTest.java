package io.loadline.web.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.run.RunRecord;
import io.loadline.web.Plans;
import io.loadline.web.TestServer;
import io.loadline.web.demo.DemoTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The run history, the comparison page and the served HTML report in headless Chromium, against the
 * real server and two finished runs of one plan on a demo target on 127.0.0.1. Skipped, with a
 * message, on a machine without Chromium or ChromeDriver.
 */
class CompareBrowserTest {

  @TempDir static Path dataDirectory;
  @TempDir Path browserProfile;

  private static TestServer test;
  private static DemoTarget target;
  private static long firstRun;
  private static long secondRun;

  private HeadlessChromium chromium;
  private WebDriver browser;

  @BeforeAll
  static void runAPlanTwice() throws InterruptedException {
    target = DemoTarget.start(0);
    test = TestServer.start(dataDirectory);
    String source = Plans.yaml("compared", target.baseUrl(), "5/s", "1s");
    long planId = test.server.plans().create("compared", "yaml", source).id();
    firstRun = runToEnd(planId);
    secondRun = runToEnd(planId);
  }

  @AfterAll
  static void stop() {
    test.close();
    target.close();
  }

  @BeforeEach
  void openBrowser() {
    chromium = HeadlessChromium.start(browserProfile);
    browser = chromium.driver();
    chromium.signIn(test, "admin", TestServer.ADMIN_PASSWORD);
  }

  @AfterEach
  void closeBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void twoRunsTickedOnTheHistoryPageOpenTheirComparison() {
    browser.get(test.url("/runs"));
    tick(firstRun);
    tick(secondRun);
    browser.findElement(By.cssSelector("#compare-runs button[type=submit]")).click();

    chromium.waitUntil(() -> browser.getCurrentUrl().contains("/compare?"));
    assertTrue(
        browser.getCurrentUrl().matches(".*/compare\\?runs=\\d+&runs=\\d+$"),
        browser.getCurrentUrl());
    List<String> headings =
        browser.findElements(By.cssSelector("table thead th")).stream()
            .map(WebElement::getText)
            .toList();
    // The history lists the newest run first, so it is the reference the other is compared with.
    assertEquals(
        List.of(
            "scenario / step",
            "metric",
            "#" + secondRun,
            "#" + firstRun,
            "#" + firstRun + " change"),
        headings);
    assertTrue(browser.findElement(By.tagName("tbody")).getText().contains("p95"));
  }

  @Test
  void theComparisonChartIsDrawnToTheWindowsWidthWithNothingRefusedByThePolicy() {
    browser.manage().window().setSize(new Dimension(640, 900));
    chromium.consoleErrors();

    browser.get(test.url("/compare?runs=" + firstRun + "&runs=" + secondRun));

    WebElement chart = chromium.waitFor(By.cssSelector("#p95 .uplot canvas"));
    long viewport =
        ((Number) chromium.script("return document.documentElement.clientWidth;")).longValue();
    assertTrue(chart.getSize().getWidth() <= viewport, chart.getSize() + " within " + viewport);
    assertTrue(chart.getSize().getWidth() > viewport / 2, chart.getSize() + " fills " + viewport);
    assertEquals(
        Boolean.TRUE,
        chromium.script(
            "return Array.from(document.styleSheets).some(sheet => Array.from(sheet.cssRules)"
                + ".some(rule => rule.selectorText === 'td.regression'));"),
        "the regression mark is styled from the stylesheet");
    assertEquals(List.of(), policyViolations());
  }

  @Test
  void theServedHtmlReportDrawsItsThreeChartsWithNothingRefusedByThePolicy() {
    chromium.consoleErrors();

    browser.get(test.url("/runs/" + firstRun + "/report.html"));

    chromium.waitUntil(
        () ->
            "drawn".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-charts")));
    assertEquals(3, browser.findElements(By.cssSelector(".chart .uplot")).size());
    assertEquals(List.of(), policyViolations());
  }

  /** The console's errors (a refusal by the content security policy, a script error). */
  private List<String> policyViolations() {
    return chromium.consoleErrors().stream()
        .filter(error -> !error.contains("favicon.ico"))
        .toList();
  }

  private void tick(long runId) {
    browser.findElement(By.cssSelector("input[name=runs][value='" + runId + "']")).click();
  }

  private static long runToEnd(long planId) throws InterruptedException {
    RunRecord run = test.server.runs().start(planId);
    RunRecord ended = test.server.runs().awaitEnd(run.id(), Duration.ofSeconds(20)).orElseThrow();
    assertTrue(ended.state().isTerminal(), ended.state().toString());
    return run.id();
  }
}
