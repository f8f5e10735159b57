package io.loadline.web.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.run.RunRecord;
import io.loadline.web.Plans;
import io.loadline.web.TestServer;
import io.loadline.web.demo.DemoTarget;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): sign
 * in, write a plan, run it against a target on 127.0.0.1, watch the live chart grow without a
 * reload, stop the run and see it CANCELLED; a viewer gets no stop button and is refused the stop.
 * Skipped, with a message, on a machine without Chromium or ChromeDriver. Leaves a screenshot of
 * the live run page in {@code web/target/browser-artifacts/}.
 */
class LiveDashboardBrowserTest {

  @TempDir Path dataDirectory;
  @TempDir Path browserProfile;

  private TestServer test;
  private DemoTarget target;
  private HeadlessChromium chromium;
  private WebDriver browser;

  @BeforeEach
  void start() {
    chromium = HeadlessChromium.start(browserProfile);
    browser = chromium.driver();
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
  void anOperatorWritesAPlanRunsItWatchesItLiveAndStopsIt() throws Exception {
    signIn("admin", TestServer.ADMIN_PASSWORD);

    // Write a plan with a mistake first: the problem is shown beside the editor.
    browser.get(test.url("/plans/new"));
    WebElement editor = browser.findElement(By.id("plan-source"));
    editor.sendKeys(Plans.yaml("browser", target.baseUrl(), "-5/s", "30s"));
    browser.findElement(By.cssSelector("#plan-form button[type=submit]")).click();
    String problems = waitFor(By.id("plan-problems")).getText();
    assertTrue(problems.contains("scenarios[0].load.rate"), problems);

    // Fix it and save: the plan's page opens.
    editor = browser.findElement(By.id("plan-source"));
    editor.clear();
    editor.sendKeys(Plans.yaml("browser", target.baseUrl(), "20/s", "30s"));
    browser.findElement(By.cssSelector("#plan-form button[type=submit]")).click();
    waitUntil(() -> browser.getCurrentUrl().matches(".*/plans/\\d+$"));

    // Run it: the run page draws the points as they arrive, without a reload.
    browser.findElement(By.xpath("//button[text()='Run this plan']")).click();
    waitUntil(() -> browser.getCurrentUrl().matches(".*/runs/\\d+$"));
    script("window.loadlineSamePage = true;");
    int first = awaitPoints(2);
    int later = awaitPoints(first + 2);
    assertTrue(later > first, later + " > " + first);
    assertEquals(Boolean.TRUE, script("return window.loadlineSamePage === true;"), "no reload");
    assertTrue(browser.findElements(By.cssSelector("#chart-rate canvas")).size() == 1);
    saveScreenshot("live-run-page.png");

    // Stop it: the state becomes CANCELLED on the same page.
    browser.findElement(By.xpath("//button[text()='Stop']")).click();
    waitUntil(() -> stateText().equals("CANCELLED"));
    // Hidden when the run ends on this page, or absent when the page after the stop was drawn
    // once the run had already ended.
    waitUntil(
        () ->
            browser.findElements(By.xpath("//button[text()='Stop']")).stream()
                .noneMatch(WebElement::isDisplayed));
  }

  @Test
  void aViewerSeesNoStopButtonAndTheStopIsRefused() throws Exception {
    test.createUser("watcher", "watcher-password", "viewer");
    long planId =
        test.server
            .plans()
            .create("watched", "yaml", Plans.yaml("watched", target.baseUrl(), "10/s", "30s"))
            .id();
    RunRecord run = test.server.runs().start(planId);
    try {
      signIn("watcher", "watcher-password");
      browser.get(test.url("/runs/" + run.id()));
      awaitPoints(1);

      waitUntil(() -> stateText().equals("RUNNING"));
      assertTrue(browser.findElements(By.xpath("//button[text()='Stop']")).isEmpty());
      assertTrue(browser.findElements(By.id("new-plan")).isEmpty());
      String csrf =
          browser.findElement(By.cssSelector("input[name=csrf]")).getDomAttribute("value");
      String session = browser.manage().getCookieNamed("loadline_session").getValue();
      HttpResponse<String> stop =
          test.send(
              test.request("/runs/" + run.id() + "/stop")
                  .header("Cookie", "loadline_session=" + session)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf)));
      assertEquals(403, stop.statusCode(), stop.body());
      assertFalse(test.server.runs().find(run.id()).orElseThrow().state().isTerminal());
    } finally {
      test.server.runs().stop(run.id());
    }
  }

  private void signIn(String username, String password) {
    chromium.signIn(test, username, password);
  }

  private int awaitPoints(int atLeast) {
    waitUntil(() -> points() >= atLeast);
    return points();
  }

  private int points() {
    String points = browser.findElement(By.id("chart-rate")).getDomAttribute("data-points");
    return points == null ? 0 : Integer.parseInt(points);
  }

  private String stateText() {
    return browser.findElement(By.cssSelector("#run-live .state")).getText().strip();
  }

  private Object script(String source) {
    return chromium.script(source);
  }

  private WebElement waitFor(By locator) {
    return chromium.waitFor(locator);
  }

  private void waitUntil(java.util.function.BooleanSupplier condition) {
    chromium.waitUntil(condition);
  }

  private void saveScreenshot(String name) throws Exception {
    chromium.saveScreenshot(name);
  }
}
