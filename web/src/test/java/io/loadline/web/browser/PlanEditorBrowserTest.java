package io.loadline.web.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loadline.web.Plans;
import io.loadline.web.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The plan editor in headless Chromium against the real server: a refused plan's problem links to
 * its line of the text. Skipped, with a message, on a machine without Chromium or ChromeDriver.
 */
class PlanEditorBrowserTest {

  @TempDir Path dataDirectory;
  @TempDir Path browserProfile;

  private TestServer test;
  private HeadlessChromium chromium;
  private WebDriver browser;

  @BeforeEach
  void start() {
    test = TestServer.start(dataDirectory);
    chromium = HeadlessChromium.start(browserProfile);
    browser = chromium.driver();
    chromium.signIn(test, "admin", TestServer.ADMIN_PASSWORD);
  }

  @AfterEach
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
    test.close();
  }

  @Test
  void clickingAProblemsLinePutsTheCaretAtTheStartOfThatLineOfTheEditor() {
    String source = Plans.withThreeMistakes();
    browser.get(test.url("/plans/new"));
    WebElement editor = chromium.waitFor(By.id("plan-source"));
    ((JavascriptExecutor) browser)
        .executeScript("arguments[0].value = arguments[1];", editor, source);
    browser.findElement(By.cssSelector("#plan-form button[type=submit]")).click();

    WebElement lineLink = chromium.waitFor(By.cssSelector("a.to-line[data-line='11']"));
    assertEquals("line 11", lineLink.getText());
    lineLink.click();

    int lineElevenStart = nthLineStart(source, 11);
    assertEquals("plan-source", chromium.script("return document.activeElement.id;"));
    assertEquals(
        List.of((long) lineElevenStart, (long) lineElevenStart),
        chromium.script(
            "const s = document.getElementById('plan-source');"
                + " return [s.selectionStart, s.selectionEnd];"));
    assertEquals(
        "url: not a url",
        chromium.script(
            "const s = document.getElementById('plan-source');"
                + " return s.value.slice(s.selectionStart).split('\\n')[0].trim();"));
    assertEquals("Caret on line 11", browser.findElement(By.id("plan-caret")).getText());
    assertEquals(List.of(), scriptErrors());
  }

  /** The console's errors but the page's own 400 (the refused save) and the missing favicon. */
  private List<String> scriptErrors() {
    return chromium.consoleErrors().stream()
        .filter(error -> !error.contains("favicon.ico"))
        .filter(error -> !error.contains(test.url("/plans") + " - Failed to load resource"))
        .toList();
  }

  private static int nthLineStart(String text, int line) {
    int offset = 0;
    for (int current = 1; current < line; current++) {
      offset = text.indexOf('\n', offset) + 1;
    }
    return offset;
  }
}
