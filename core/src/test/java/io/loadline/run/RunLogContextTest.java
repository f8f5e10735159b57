package io.loadline.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.loadline.engine.Engine;
import io.loadline.engine.EngineSettings;
import io.loadline.pluginhost.PluginHost;
import io.loadline.store.Database;
import io.loadline.store.PlanStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Every log line the engine writes about a run, from any of its threads, names the run. */
class RunLogContextTest {

  @TempDir Path directory;

  private final Logger engineLogger = (Logger) LoggerFactory.getLogger("io.loadline.engine");
  private final ListAppender<ILoggingEvent> captured =
      new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
          // Take the MDC and thread name now, on the logging thread.
          event.prepareForDeferredProcessing();
          super.append(event);
        }
      };
  private Level levelBefore;
  private Database database;
  private Target target;

  @BeforeEach
  void capture() throws Exception {
    levelBefore = engineLogger.getLevel();
    engineLogger.setLevel(Level.INFO);
    captured.start();
    engineLogger.addAppender(captured);
    database = Database.open(directory.resolve("loadline.db"));
    target = new Target();
  }

  @AfterEach
  void release() throws Exception {
    engineLogger.detachAppender(captured);
    engineLogger.setLevel(levelBefore);
    target.close();
    database.close();
  }

  @Test
  void theEnginesThreadsCarryTheRunIdOfTheirRunInTheirInfoLines() throws Exception {
    String source =
        """
        name: log-context
        gracefulStop: 2s
        scenarios:
          - name: open
            load: {model: constant, rate: 10/s, duration: 1s}
            steps:
              - request: {url: "%s"}
          - name: closed
            load: {model: users, users: 2, duration: 1s, thinkTime: 100ms}
            steps:
              - request: {url: "%s"}
        """
            .formatted(target.url("/fast"), target.url("/fast"));
    long planId = new PlanStore(database).create("log-context", "yaml", source).id();
    Engine engine =
        new Engine(
            PluginHost.discover(getClass().getClassLoader(), directory.resolve("no-plugins")),
            EngineSettings.defaults(directory));

    long runId;
    try (RunService service = new RunService(database, engine)) {
      runId = service.start(planId).id();
      assertEquals(
          RunState.PASSED, service.awaitEnd(runId, Duration.ofSeconds(30)).orElseThrow().state());
    }

    String testThread = Thread.currentThread().getName();
    List<ILoggingEvent> engineLines =
        captured.list.stream()
            .filter(event -> event.getLevel().isGreaterOrEqual(Level.INFO))
            .filter(event -> !event.getThreadName().equals(testThread))
            .toList();
    Set<String> threads =
        engineLines.stream().map(ILoggingEvent::getThreadName).collect(Collectors.toSet());
    assertTrue(
        threads.stream().anyMatch(name -> name.endsWith("-run")),
        "no line from the run's coordinator thread: " + threads);
    assertTrue(
        threads.stream().anyMatch(name -> name.contains("-scheduler")),
        "no line from a scheduler thread: " + threads);
    for (ILoggingEvent line : engineLines) {
      assertEquals(
          Long.toString(runId),
          line.getMDCPropertyMap().get(RunService.MDC_RUN_ID),
          "[" + line.getThreadName() + "] " + line.getFormattedMessage());
    }
    assertTrue(
        engineLines.stream().anyMatch(line -> line.getFormattedMessage().contains("ended")),
        "no end line");
    assertFalse(
        MDC.getCopyOfContextMap() != null
            && MDC.getCopyOfContextMap().containsKey(RunService.MDC_RUN_ID),
        "the run id leaked into the caller's MDC");
  }
}
