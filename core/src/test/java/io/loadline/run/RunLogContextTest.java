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
import io.loadline.pluginhost.PluginDescriptor;
import io.loadline.pluginhost.PluginHost;
import io.loadline.pluginhost.PluginRegistry;
import io.loadline.spi.Exchange;
import io.loadline.spi.Outcome;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PreparedStep;
import io.loadline.spi.Protocol;
import io.loadline.spi.ProtocolFactory;
import io.loadline.spi.StepResult;
import io.loadline.store.Database;
import io.loadline.store.PlanStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

  @Test
  void linesLoggedOnTheHttpClientsThreadsAboutARunCarryItsId() throws Exception {
    engineLogger.setLevel(Level.DEBUG);
    String source =
        """
        name: client-threads
        gracefulStop: 2s
        scenarios:
          - name: mixed
            load: {model: constant, rate: 10/s, duration: 1s}
            steps:
              - request: {url: "%s"}
              - request: {url: "%s", timeout: 100ms}
        """
            .formatted(target.url("/fast"), target.url("/slow/1000"));

    long runId = runToTheEnd(source, discoveredPlugins());

    List<ILoggingEvent> clientLines = linesFromThreadsStartingWith("loadline-http");
    assertFalse(clientLines.isEmpty(), "no line from the HTTP client's threads: " + threads());
    assertFalse(
        linesFromThreadsStartingWith("loadline-http-scheduler").isEmpty(),
        "no line from the client's timer thread (the timeouts): " + threads());
    assertAllCarry(runId, clientLines);
  }

  @Test
  void aProtocolCallingBackOnItsOwnThreadGetsTheRunIdForTheEnginesLines() throws Exception {
    engineLogger.setLevel(Level.DEBUG);
    List<PluginDescriptor> plugins = new ArrayList<>(discoveredPlugins().plugins());
    OwnThreadProtocolFactory ownThread = new OwnThreadProtocolFactory();
    plugins.add(new PluginDescriptor(ownThread, "test"));
    String source =
        """
        name: own-thread
        scenarios:
          - name: elsewhere
            load: {model: constant, rate: 10/s, duration: 1s}
            protocol: {type: own-thread}
            steps:
              - request: {url: "http://127.0.0.1:1/never-sent"}
        """;

    long runId = runToTheEnd(source, new PluginRegistry(plugins));

    List<ILoggingEvent> ownThreadLines = linesFromThreadsStartingWith(OwnThreadProtocol.THREAD);
    assertFalse(ownThreadLines.isEmpty(), "no line from the protocol's thread: " + threads());
    assertAllCarry(runId, ownThreadLines);
    assertFalse(ownThread.runIdsLeftAfterCompletion.isEmpty());
    assertTrue(
        ownThread.runIdsLeftAfterCompletion.stream().allMatch(String::isEmpty),
        "the run id stays on the protocol's thread: " + ownThread.runIdsLeftAfterCompletion);
  }

  @Test
  void everyLineTheRunServiceLogsAboutARunCarriesItsIdWhateverTheThread() throws Exception {
    Logger all = (Logger) LoggerFactory.getLogger("io.loadline");
    ListAppender<ILoggingEvent> lines = deferredAppender();
    lines.start();
    all.addAppender(lines);
    String source =
        """
        name: service-lines
        gracefulStop: 2s
        scenarios:
          - name: hit
            load: {model: constant, rate: 10/s, duration: %s}
            steps:
              - request: {url: "%s"}
        """;
    PlanStore plans = new PlanStore(database);
    long shortPlan =
        plans.create("short", "yaml", source.formatted("1s", target.url("/fast"))).id();
    long longPlan = plans.create("long", "yaml", source.formatted("20s", target.url("/fast"))).id();
    Engine engine = new Engine(discoveredPlugins(), EngineSettings.defaults(directory));

    long passed;
    long stopped;
    try (RunService service = new RunService(database, engine)) {
      service.addListener(
          new RunListener() {
            @Override
            public void onEnded(long runId) {
              throw new IllegalStateException("a listener that fails");
            }
          });
      passed = service.start(shortPlan).id();
      assertEquals(
          RunState.PASSED, service.awaitEnd(passed, Duration.ofSeconds(30)).orElseThrow().state());
      service.markBaseline(passed);
      stopped = service.start(longPlan).id();
      service.awaitEnd(stopped, Duration.ofMillis(1_200));
      service.stop(stopped);
      assertEquals(
          RunState.CANCELLED,
          service.awaitEnd(stopped, Duration.ofSeconds(30)).orElseThrow().state());
    } finally {
      all.detachAppender(lines);
    }

    for (long runId : new long[] {passed, stopped}) {
      java.util.regex.Pattern aboutTheRun =
          java.util.regex.Pattern.compile("(?i)\\brun " + runId + "\\b");
      List<ILoggingEvent> aboutIt =
          List.copyOf(lines.list).stream()
              .filter(line -> aboutTheRun.matcher(line.getFormattedMessage()).find())
              .toList();
      Set<String> messages =
          aboutIt.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toSet());
      assertTrue(messages.stream().anyMatch(m -> m.contains("ended")), "no end line: " + messages);
      assertTrue(
          messages.stream().anyMatch(m -> m.contains("listener failed")),
          "no listener line: " + messages);
      assertAllCarry(runId, aboutIt);
    }
    assertTrue(
        lines.list.stream()
            .anyMatch(line -> line.getFormattedMessage().contains("is now the baseline")),
        "no baseline line");
  }

  private static ListAppender<ILoggingEvent> deferredAppender() {
    return new ListAppender<>() {
      @Override
      protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        super.append(event);
      }
    };
  }

  private PluginRegistry discoveredPlugins() {
    return PluginHost.discover(getClass().getClassLoader(), directory.resolve("no-plugins"));
  }

  private long runToTheEnd(String source, PluginRegistry plugins) throws Exception {
    long planId = new PlanStore(database).create("plan", "yaml", source).id();
    Engine engine = new Engine(plugins, EngineSettings.defaults(directory));
    try (RunService service = new RunService(database, engine)) {
      long runId = service.start(planId).id();
      RunRecord ended = service.awaitEnd(runId, Duration.ofSeconds(30)).orElseThrow();
      assertEquals(RunState.PASSED, ended.state(), String.valueOf(ended.error()));
      return runId;
    }
  }

  private List<ILoggingEvent> linesFromThreadsStartingWith(String prefix) {
    return List.copyOf(captured.list).stream()
        .filter(line -> line.getThreadName().startsWith(prefix))
        .toList();
  }

  private Set<String> threads() {
    return List.copyOf(captured.list).stream()
        .map(ILoggingEvent::getThreadName)
        .collect(Collectors.toSet());
  }

  private static void assertAllCarry(long runId, List<ILoggingEvent> lines) {
    for (ILoggingEvent line : lines) {
      assertEquals(
          Long.toString(runId),
          line.getMDCPropertyMap().get(RunService.MDC_RUN_ID),
          "[" + line.getThreadName() + "] " + line.getFormattedMessage());
    }
  }

  /** A third-party-like protocol that completes every request on a thread of its own. */
  public static final class OwnThreadProtocolFactory implements ProtocolFactory {
    /** The run id on the protocol's thread after each completion; "" when none, as it must be. */
    final List<String> runIdsLeftAfterCompletion = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
      return "own-thread";
    }

    @Override
    public String description() {
      return "answers on its own thread";
    }

    @Override
    public Protocol create(PluginConfig config) {
      return new OwnThreadProtocol(runIdsLeftAfterCompletion);
    }
  }

  /** Answers every request with a success from one thread it owns, which has no MDC. */
  private static final class OwnThreadProtocol implements Protocol {
    static final String THREAD = "own-protocol-thread";

    private final ExecutorService thread =
        Executors.newSingleThreadExecutor(Thread.ofPlatform().name(THREAD).daemon(true).factory());
    private final List<String> runIdsLeftAfterCompletion;

    OwnThreadProtocol(List<String> runIdsLeftAfterCompletion) {
      this.runIdsLeftAfterCompletion = runIdsLeftAfterCompletion;
    }

    @Override
    public PreparedStep prepare(PluginConfig stepConfig) {
      return () -> "own-thread request";
    }

    @Override
    public void start() {}

    @Override
    public void execute(PreparedStep step, Map<String, String> variables, Exchange exchange) {
      exchange.sent();
      thread.execute(
          () -> {
            exchange.complete(new StepResult(Outcome.SUCCESS, 200, 0, ""));
            String left = MDC.get(RunService.MDC_RUN_ID);
            runIdsLeftAfterCompletion.add(left == null ? "" : left);
          });
    }

    @Override
    public void close() {
      thread.shutdownNow();
    }
  }
}
