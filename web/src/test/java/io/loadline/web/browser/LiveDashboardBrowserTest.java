package io.loadline.web.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.run.RunRecord;
import io.loadline.store.AuditEntry;
import io.loadline.web.Plans;
import io.loadline.web.TestServer;
import io.loadline.web.demo.DemoTarget;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): sign
 * in, write a plan, run it against a target on 127.0.0.1, watch the live chart and the per-step
 * table change without a reload, stop the run and see it CANCELLED on the same page; a viewer
 * opening a run mid-way gets its history then live points, every chart with data, no stop button
 * and a refused stop; the run lists follow a run to its end without a reload; every page fits a
 * phone, works with the keyboard and goes dark. Skipped, with a message, on a machine without
 * Chromium or ChromeDriver. Leaves a screenshot of the live run page, and one of each failed test,
 * in {@code web/target/browser-artifacts/}.
 */
class LiveDashboardBrowserTest {

  /** Where {@link HeadlessChromium#saveScreenshot} writes, relative to the module. */
  private static final Path ARTIFACTS = Path.of("target", "browser-artifacts");

  private static final Duration WAIT = HeadlessChromium.WAIT;
  private static final int PHONE_WIDTH = 375;
  private static final String LIVE_RUN_SCREENSHOT = "live-run-page.png";
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir Path dataDirectory;
  @TempDir Path browserProfile;

  private TestServer test;
  private DemoTarget target;
  private HeadlessChromium chromium;
  private WebDriver browser;

  /** A failed test leaves a screenshot of what the browser showed, before it is closed. */
  @RegisterExtension
  final AfterTestExecutionCallback screenshotOnFailure =
      context -> {
        if (context.getExecutionException().isPresent() && chromium != null) {
          saveScreenshot("failed-" + context.getRequiredTestMethod().getName() + ".png");
        }
      };

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
    Files.deleteIfExists(ARTIFACTS.resolve(LIVE_RUN_SCREENSHOT)); // a stale one proves nothing
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
    waitUntil(() -> stepRequests() > 0);
    long firstCount = stepRequests();
    int first = awaitPoints(2);
    int later = awaitPoints(first + 2);
    assertTrue(later > first, later + " > " + first);
    // The per-step table is swapped in place: its request count rises on the same page.
    waitUntil(() -> stepRequests() > firstCount);
    assertTrue(samePage(), "no reload while the figures change");
    assertTrue(browser.findElements(By.cssSelector("#chart-rate canvas")).size() == 1);
    saveScreenshot(LIVE_RUN_SCREENSHOT);
    byte[] screenshot = Files.readAllBytes(ARTIFACTS.resolve(LIVE_RUN_SCREENSHOT));
    assertTrue(screenshot.length > PNG_SIGNATURE.length, screenshot.length + " bytes");
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(screenshot, PNG_SIGNATURE.length));

    // Stop it: htmx posts the stop, and CANCELLED comes to the page that was open.
    browser.findElement(By.xpath("//button[text()='Stop']")).click();
    waitUntil(() -> stateText().equals("CANCELLED"));
    assertTrue(samePage(), "CANCELLED shown by the open page, not by a page drawn anew");
    assertTrue(browser.getCurrentUrl().matches(".*/runs/\\d+$"), browser.getCurrentUrl());
    waitUntil(() -> !browser.findElement(By.id("stop-run")).isDisplayed());
  }

  @Test
  void aViewerSeesNoStopButtonAndTheStopIsRefused() throws Exception {
    test.createUser("watcher", "watcher-password", "viewer");
    long planId = test.server.plans().create("watched", "yaml", failingAndCappedPlan()).id();
    RunRecord run = test.server.runs().start(planId);
    try {
      signIn("watcher", "watcher-password");

      // Opened mid-run, the page draws the seconds stored so far at once, then goes live.
      waitUntil(() -> test.server.runs().series(run.id()).size() >= 3);
      int stored = test.server.runs().series(run.id()).size();
      browser.get(test.url("/runs/" + run.id()));
      // Going live alone, the page would need 3 s to draw 3 points; the history takes a moment.
      new WebDriverWait(browser, Duration.ofSeconds(2)).until(driver -> points() >= stored);
      int history = points();
      awaitPoints(history + 1);

      // Every chart gets data: 500s by kind, iterations in flight, arrivals dropped at the cap.
      waitUntil(() -> nonZeroSeconds("chart-errors", "server_error") > 0);
      waitUntil(() -> nonZeroSeconds("chart-load", "in flight") > 0);
      waitUntil(() -> nonZeroSeconds("chart-load", "dropped /s") > 0);
      waitUntil(() -> nonZeroSeconds("chart-latency", "p95 ms") > 0);

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
      // Refused for the role (checked before the form's token), and audited as denied.
      assertEquals(403, stop.statusCode(), stop.body());
      assertTrue(
          stop.body()
              .replace("&#39;", "'")
              .contains("This needs the role 'operator' or higher; you are 'viewer'."),
          stop.body());
      AuditEntry audited =
          test.server.security().auditLog().list(20).stream()
              .filter(entry -> entry.action().equals("run.stop"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no run.stop audit row"));
      assertEquals("watcher", audited.actor());
      assertEquals("run:" + run.id(), audited.target());
      assertEquals("denied", audited.outcome());
      assertFalse(test.server.runs().find(run.id()).orElseThrow().state().isTerminal());
    } finally {
      test.server.runs().stop(run.id());
    }
  }

  @Test
  void theRunListsShowARunEndingWithoutAReloadAndKeepTheirFilters() throws Exception {
    long otherPlan = createPlan("other", "5/s", "1s");
    RunRecord otherRun = test.server.runs().start(otherPlan);
    test.server.runs().awaitEnd(otherRun.id(), WAIT);
    long planId = createPlan("listed", "5/s", "30s");
    signIn("admin", TestServer.ADMIN_PASSWORD);

    // The history, filtered to one plan: the run ends on the page that was open, the other
    // plan's run stays filtered out, and a ticked box stays ticked through the refreshes.
    RunRecord historyRun = test.server.runs().start(planId);
    browser.get(test.url("/runs?plan=" + planId));
    waitUntil(() -> listedState(historyRun.id()).equals("RUNNING"));
    script("window.loadlineSamePage = true;");
    browser.findElement(By.id("compare-" + historyRun.id())).click();
    stopAndAwaitEnd(historyRun.id());
    waitUntil(() -> listedState(historyRun.id()).equals("CANCELLED"));
    assertTrue(samePage(), "the history showed the end without a reload");
    assertTrue(browser.findElement(By.id("compare-" + historyRun.id())).isSelected());
    assertTrue(browser.findElements(By.id("run-state-" + otherRun.id())).isEmpty());

    // The home page and the plan's page, open side by side in two tabs.
    RunRecord listedRun = test.server.runs().start(planId);
    browser.get(test.url("/"));
    String homeTab = browser.getWindowHandle();
    waitUntil(() -> listedState(listedRun.id()).equals("RUNNING"));
    script("window.loadlineSamePage = true;");
    browser.switchTo().newWindow(WindowType.TAB);
    browser.get(test.url("/plans/" + planId));
    waitUntil(() -> listedState(listedRun.id()).equals("RUNNING"));
    script("window.loadlineSamePage = true;");
    String runLink = "run-link-" + listedRun.id();
    script("document.getElementById(arguments[0]).focus();", runLink);
    stopAndAwaitEnd(listedRun.id());
    waitUntil(() -> listedState(listedRun.id()).equals("CANCELLED"));
    assertTrue(samePage(), "the plan's page showed the end without a reload");
    assertEquals(runLink, script("return document.activeElement.id;"), "focus kept");
    browser.switchTo().window(homeTab);
    waitUntil(() -> listedState(listedRun.id()).equals("CANCELLED"));
    assertTrue(samePage(), "the home page showed the end without a reload");
  }

  @Test
  void aRunStartedThroughTheApiAppearsOnAnIdleHistoryWithoutAReload() throws Exception {
    long planId = createPlan("started-elsewhere", "5/s", "30s");
    signIn("admin", TestServer.ADMIN_PASSWORD);
    browser.get(test.url("/runs"));
    assertEquals("every 10s", runListTrigger(), "no run is active: the slow refresh");
    script("window.loadlineSamePage = true;");

    HttpResponse<String> started =
        test.sendJson("POST", "/api/v1/plans/" + planId + "/runs", test.adminToken(), "{}");
    assertEquals(201, started.statusCode(), started.body());
    long runId = test.readJson(started.body()).get("id").asLong();
    try {
      // The slow refresh is every 10 s; 15 s leaves room for a loaded machine.
      chromium.waitUntil(Duration.ofSeconds(15), () -> !listedState(runId).isEmpty());
      assertTrue(samePage(), "the run appeared without a reload");
      assertEquals("every 2s", runListTrigger(), "a run is active: the fast refresh");
    } finally {
      stopAndAwaitEnd(runId);
    }
  }

  private String runListTrigger() {
    return String.valueOf(
        script("return document.getElementById('run-list').getAttribute('hx-trigger');"));
  }

  @Test
  void everyPageFitsAPhoneIsKeyboardUsableAndGoesDark() throws Exception {
    long planId = createPlan("a-plan-with-a-rather-long-name-for-a-phone", "5/s", "1s");
    RunRecord run = test.server.runs().start(planId);
    test.server.runs().awaitEnd(run.id(), WAIT);
    RunRecord rerun = test.server.runs().start(planId);
    test.server.runs().awaitEnd(rerun.id(), WAIT);
    cdp(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", PHONE_WIDTH, "height", 800, "deviceScaleFactor", 1, "mobile", true));

    browser.get(test.url("/login"));
    assertFitsAPhone("/login");
    signIn("admin", TestServer.ADMIN_PASSWORD);
    String comparison = "/compare?runs=" + run.id() + "&runs=" + rerun.id();
    List<String> pages =
        List.of(
            "/",
            "/plans/new",
            "/plans/" + planId,
            "/runs",
            "/runs/" + run.id(),
            "/plugins",
            "/compare",
            comparison);
    for (String path : pages) {
      browser.get(test.url(path));
      if (path.startsWith("/runs/")) {
        awaitPoints(1); // the charts are drawn before the page is measured
      }
      if (path.equals(comparison)) {
        waitFor(By.cssSelector("#p95 .uplot canvas"));
      }
      assertFitsAPhone(path);
    }

    // The keyboard reaches the first link, and its focus is outlined.
    browser.get(test.url("/"));
    new Actions(browser).sendKeys(Keys.TAB).perform();
    assertEquals(
        "brand",
        script("return document.activeElement.className;"),
        "the first Tab reaches the first link");
    assertEquals(Boolean.TRUE, script("return document.activeElement.matches(':focus-visible');"));
    assertEquals("solid", script("return getComputedStyle(document.activeElement).outlineStyle;"));

    // Light by default; dark when the system asks for it.
    assertTrue(bodyBackgroundBrightness() > 200, "light: " + bodyBackgroundBrightness());
    cdp(
        "Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    browser.get(test.url("/runs/" + run.id()));
    assertTrue(bodyBackgroundBrightness() < 60, "dark: " + bodyBackgroundBrightness());
  }

  /**
   * The page is no wider than the phone (nothing to scroll sideways but the tables' own scroll
   * boxes), has the viewport meta tag, and every form field has a label.
   */
  private void assertFitsAPhone(String path) {
    assertEquals(PHONE_WIDTH, ((Number) script("return window.innerWidth;")).intValue(), path);
    long pageWidth = ((Number) script("return document.documentElement.scrollWidth;")).longValue();
    assertTrue(
        pageWidth <= PHONE_WIDTH,
        path + " is " + pageWidth + " px wide: " + chromium.elementsPastTheRightEdge());
    Object viewport =
        script("var m = document.querySelector('meta[name=viewport]'); return m && m.content;");
    assertEquals("width=device-width, initial-scale=1", viewport, path);
    Object unlabelled =
        script(
            "return Array.from(document.querySelectorAll('input, select, textarea'))"
                + ".filter(function (e) { return e.type !== 'hidden'; })"
                + ".filter(function (e) {"
                + "  return !(e.labels && e.labels.length) && !e.getAttribute('aria-label'); })"
                + ".map(function (e) { return e.name || e.id; });");
    assertEquals(List.of(), unlabelled, path + ": fields without a label");
  }

  /** The body background's mean of red, green and blue, 0 to 255. */
  private double bodyBackgroundBrightness() {
    String color =
        String.valueOf(script("return getComputedStyle(document.body).backgroundColor;"));
    return Arrays.stream(color.replaceAll("[^0-9,]", "").split(","))
        .limit(3)
        .mapToInt(Integer::parseInt)
        .average()
        .orElseThrow();
  }

  private void cdp(String command, Map<String, Object> parameters) {
    ((ChromeDriver) browser).executeCdpCommand(command, parameters);
  }

  /**
   * Two scenarios for 30 s: one whose requests all get 500, one whose slow requests (1.5 s) pile up
   * against an in-flight cap of 2, so that most of its 10 arrivals a second are dropped.
   */
  private String failingAndCappedPlan() {
    return """
        name: watched
        gracefulStop: 2s
        maxInFlight: 2
        scenarios:
          - name: failing
            load: {model: constant, rate: 5/s, duration: 30s}
            steps:
              - name: broken
                request: {method: GET, url: %1$s/status/500}
          - name: capped
            load: {model: constant, rate: 10/s, duration: 30s}
            steps:
              - name: slow
                request: {method: GET, url: %1$s/delay/1500}
        """
        .formatted(target.baseUrl());
  }

  /** Seconds with a value above zero in one series of a chart, as live-run.js counts them. */
  private long nonZeroSeconds(String chartId, String series) {
    Object count =
        script(
            "var chart = document.getElementById(arguments[0]);"
                + " var counts = chart && chart.getAttribute('data-nonzero');"
                + " return counts ? (JSON.parse(counts)[arguments[1]] || 0) : 0;",
            chartId,
            series);
    return ((Number) count).longValue();
  }

  private long createPlan(String name, String rate, String duration) {
    return test.server
        .plans()
        .create(name, "yaml", Plans.yaml(name, target.baseUrl(), rate, duration))
        .id();
  }

  private void stopAndAwaitEnd(long runId) throws InterruptedException {
    test.server.runs().stop(runId);
    test.server.runs().awaitEnd(runId, WAIT);
  }

  /** The state shown for a run in a list of runs, or "" while it is not listed. */
  private String listedState(long runId) {
    Object state =
        script(
            "var cell = document.getElementById('run-state-"
                + runId
                + "');"
                + " return cell ? cell.textContent.trim() : '';");
    return String.valueOf(state);
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

  /** The first step's request count in the figures table, or 0 before the table is drawn. */
  private long stepRequests() {
    Object cell =
        script(
            "var cell = document.querySelector('#run-live table.figures tr.step td');"
                + " return cell ? cell.textContent : '';");
    String digits = String.valueOf(cell).replaceAll("[^0-9]", "");
    return digits.isEmpty() ? 0 : Long.parseLong(digits);
  }

  /** Whether the flag set on the page is still there: the browser has not loaded a new page. */
  private boolean samePage() {
    return Boolean.TRUE.equals(script("return window.loadlineSamePage === true;"));
  }

  private String stateText() {
    return browser.findElement(By.cssSelector("#run-live .state")).getText().strip();
  }

  private Object script(String source, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(source, arguments);
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
