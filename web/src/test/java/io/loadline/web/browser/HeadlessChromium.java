package io.loadline.web.browser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.loadline.web.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven through
 * ChromeDriver, for the dashboard's browser tests: start it in a test's temporary profile, sign in,
 * wait for the page, read the console. Owned by one test and closed by it; not thread-safe.
 */
public final class HeadlessChromium implements AutoCloseable {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path ARTIFACTS = Path.of("target", "browser-artifacts");

  /** How long a page, an element or a condition is waited for. */
  public static final Duration WAIT = Duration.ofSeconds(30);

  private final ChromeDriver driver;

  private HeadlessChromium(ChromeDriver driver) {
    this.driver = driver;
  }

  /**
   * A started browser keeping its profile in {@code profile}; skips the test, saying what to
   * install, on a machine without Chromium or ChromeDriver.
   */
  public static HeadlessChromium start(Path profile) {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Browser tests skipped: install Debian's 'chromium' and 'chromium-driver' packages"
            + " (/usr/bin/chromium and /usr/bin/chromedriver) to run them.");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        "--user-data-dir=" + profile);
    // Keep the console (where Chromium reports a blocked script or style) for consoleErrors().
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(WAIT);
    return new HeadlessChromium(driver);
  }

  /** The first elements sticking out past the viewport's right edge, for a failure message. */
  public Object elementsPastTheRightEdge() {
    return script(
        "return Array.from(document.querySelectorAll('body *'))"
            + ".filter(function (e) { return e.getBoundingClientRect().right > innerWidth + 1; })"
            + ".slice(0, 8).map(function (e) {"
            + "  return e.tagName + '#' + e.id + '.' + e.className + ' '"
            + "    + Math.round(e.getBoundingClientRect().right); });");
  }

  public WebDriver driver() {
    return driver;
  }

  /** Signs in through the login form and waits for the home page. */
  public void signIn(TestServer test, String username, String password) {
    driver.get(test.url("/login"));
    driver.findElement(By.name("username")).sendKeys(username);
    driver.findElement(By.name("password")).sendKeys(password);
    driver.findElement(By.cssSelector("form button[type=submit]")).click();
    waitUntil(() -> driver.getCurrentUrl().equals(test.url("/")));
  }

  public Object script(String source) {
    return ((JavascriptExecutor) driver).executeScript(source);
  }

  public WebElement waitFor(By locator) {
    try {
      return new WebDriverWait(driver, WAIT).until(found -> found.findElement(locator));
    } catch (TimeoutException timedOut) {
      throw waitedInVain(WAIT, locator.toString(), timedOut);
    }
  }

  public void waitUntil(BooleanSupplier condition) {
    waitUntil(WAIT, condition);
  }

  /** Waits at most {@code limit}, for a test whose point is how soon something shows. */
  public void waitUntil(Duration limit, BooleanSupplier condition) {
    try {
      // Live pages swap parts of themselves: an element found may be replaced before it is read.
      new WebDriverWait(driver, limit)
          .ignoring(StaleElementReferenceException.class)
          .until(found -> condition.getAsBoolean());
    } catch (TimeoutException timedOut) {
      throw waitedInVain(limit, "a condition", timedOut);
    }
  }

  /** A failed wait, with the page and the console's errors, which usually say why. */
  private AssertionError waitedInVain(Duration limit, String awaited, TimeoutException timedOut) {
    return new AssertionError(
        "Waited "
            + limit.toSeconds()
            + " s in vain for "
            + awaited
            + " on "
            + driver.getCurrentUrl()
            + "; console errors: "
            + consoleErrors(),
        timedOut);
  }

  /**
   * The console's errors since the last call, as text: a script or style refused by the content
   * security policy, a failed load, an uncaught exception.
   */
  public List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  /** Saves a screenshot as {@code web/target/browser-artifacts/name}. */
  public void saveScreenshot(String name) throws Exception {
    Files.createDirectories(ARTIFACTS);
    Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, ARTIFACTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
