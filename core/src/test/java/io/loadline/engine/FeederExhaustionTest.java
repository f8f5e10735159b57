package io.loadline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.loadline.plan.Plan;
import io.loadline.plan.PluginRef;
import io.loadline.plan.ScenarioPlan;
import io.loadline.pluginhost.PluginDescriptor;
import io.loadline.pluginhost.PluginRegistry;
import io.loadline.plugins.csv.CsvFeederFactory;
import io.loadline.plugins.http.HttpProtocolFactory;
import io.loadline.plugins.rate.ConstantRateModelFactory;
import io.loadline.plugins.rate.UsersRateModelFactory;
import io.loadline.testsupport.TestTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A {@code queue} feeder of nine records used by three closed-model users: every record once, the
 * last included, and the tenth draw triggers the declared {@code onExhausted} policy.
 */
class FeederExhaustionTest {

  private static TestTarget target;

  @TempDir Path dataDirectory;

  private Engine engine;

  @BeforeAll
  static void startTarget() throws Exception {
    target = new TestTarget();
  }

  @AfterAll
  static void stopTarget() throws Exception {
    target.close();
  }

  @BeforeEach
  void writeNineRecords() throws Exception {
    String rows = IntStream.rangeClosed(1, 9).mapToObj(i -> i + "\n").collect(Collectors.joining());
    Files.writeString(dataDirectory.resolve("nine.csv"), "id\n" + rows);
    PluginRegistry plugins =
        new PluginRegistry(
            List.of(
                new PluginDescriptor(new ConstantRateModelFactory(), "classpath"),
                new PluginDescriptor(new UsersRateModelFactory(), "classpath"),
                new PluginDescriptor(new HttpProtocolFactory(), "classpath"),
                new PluginDescriptor(new CsvFeederFactory(), "classpath")));
    engine = new Engine(plugins, EngineSettings.defaults(dataDirectory));
  }

  @Test
  void stopRunUsesEveryRecordOnceThenEndsTheRunInErrorAtTheTenthDraw() throws Exception {
    RunResult result = run(threeUsers("stop-run"));

    ScenarioSummary summary = result.summary().scenarios().get(0);
    assertEquals(EndReason.ERROR, result.endReason());
    assertTrue(result.errorMessage().contains("ran out of feeder records"), result.errorMessage());
    assertTrue(result.errorMessage().contains("gave all its 9 records"), result.errorMessage());
    assertEquals(9, summary.requestsSent());
    assertEquals(eachIdOnce(), idsReceived("stop-run"));
  }

  @Test
  void stopUserStopsEachUserAtItsNextDrawAndTheRunCompletes() throws Exception {
    ListAppender<ILoggingEvent> log = captureWarnings();
    RunResult result;
    try {
      result = run(threeUsers("stop-user"));
    } finally {
      release(log);
    }

    ScenarioSummary summary = result.summary().scenarios().get(0);
    assertEquals(EndReason.COMPLETED, result.endReason());
    assertEquals(9, summary.requestsSent());
    assertEquals(9, summary.successes());
    assertEquals(3, summary.usersIterated());
    assertEquals(eachIdOnce(), idsReceived("stop-user"));
    List<String> warnings = warningsAbout(log, "stop-user");
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.getFirst().contains("stops iterating"), warnings.getFirst());
  }

  @Test
  void aClosedScenarioWhoseUsersAllStoppedOnTheFeederEndsBeforeItsPlannedEnd() throws Exception {
    // 30 s planned; the nine records last three iterations of three users on a 50 ms target.
    RunResult result = run(scenario("users", Map.of("users", 3, "duration", "30s"), "early"));

    ScenarioSummary summary = result.summary().scenarios().get(0);
    assertEquals(EndReason.COMPLETED, result.endReason());
    assertEquals(9, summary.successes());
    assertTrue(
        result.summary().elapsedSeconds() < 15,
        "ended when the users stopped, not at 30 s: " + result.summary().elapsedSeconds());
  }

  @Test
  void recycleStartsTheQueueOverSoEveryRecordIsUsedAsOftenWithinOne() throws Exception {
    RunResult result = run(threeUsers("recycle"));

    ScenarioSummary summary = result.summary().scenarios().get(0);
    Map<String, Long> counts = idsReceived("recycle");
    System.out.printf("queue of 9 with recycle, 3 users: uses per record %s%n", counts);
    assertEquals(EndReason.COMPLETED, result.endReason());
    assertTrue(summary.requestsSent() > 9, "requests " + summary.requestsSent());
    assertEquals(9, counts.size(), counts.toString());
    long most = counts.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    long least = counts.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    assertTrue(most - least <= 1, counts.toString());
    assertEquals(summary.requestsSent(), counts.values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void stopUserInAnOpenModelDropsAndCountsTheArrivalsBeyondTheRecords() throws Exception {
    ListAppender<ILoggingEvent> log = captureWarnings();
    RunResult result;
    try {
      result = run(scenario("constant", Map.of("rate", "20/s", "duration", "1s"), "open"));
    } finally {
      release(log);
    }

    ScenarioSummary summary = result.summary().scenarios().get(0);
    System.out.printf("queue of 9, stop-user, 20 arrivals: %s%n", summary);
    assertEquals(EndReason.COMPLETED, result.endReason());
    assertEquals(9, summary.requestsSent());
    assertEquals(20 - 9, summary.dropped());
    assertEquals(eachIdOnce(), idsReceived("open"));
    List<String> warnings = warningsAbout(log, "stop-user");
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.getFirst().contains("dropped"), warnings.getFirst());
  }

  /** Three looping users on a 50 ms target: three iterations each use the nine records. */
  private ScenarioPlan threeUsers(String policy) {
    return scenario("users", Map.of("users", 3, "duration", "1500ms"), policy);
  }

  private ScenarioPlan scenario(String model, Map<String, Object> load, String tag) {
    // The tag keeps each test's requests apart at the target; open and early runs use stop-user.
    String policy = tag.equals("open") || tag.equals("early") ? "stop-user" : tag;
    ScenarioPlan base =
        TestPlans.scenario(0, model, load, target.url("/slow/50?id={{id}}&run=" + tag));
    return new ScenarioPlan(
        "fed",
        "scenarios[0]",
        base.load(),
        base.protocol(),
        new PluginRef(
            "csv",
            "scenarios[0].feeder",
            Map.of("file", "nine.csv", "strategy", "queue", "onExhausted", policy)),
        base.steps());
  }

  private RunResult run(ScenarioPlan scenario) throws Exception {
    Plan plan = TestPlans.plan(scenario);
    return engine
        .start(engine.compile(plan), RunObserver.NONE)
        .completion()
        .get(20, TimeUnit.SECONDS);
  }

  private static Map<String, Long> eachIdOnce() {
    return IntStream.rangeClosed(1, 9)
        .mapToObj(String::valueOf)
        .collect(Collectors.toMap(Function.identity(), id -> 1L, (a, b) -> a, TreeMap::new));
  }

  /** How many requests of the run tagged {@code tag} the target received, per record id. */
  private static Map<String, Long> idsReceived(String tag) {
    String suffix = "&run=" + tag;
    return target.requestTargets().stream()
        .filter(request -> request.endsWith(suffix))
        .map(request -> request.substring(request.indexOf("id=") + 3, request.indexOf('&')))
        .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
  }

  private static ListAppender<ILoggingEvent> captureWarnings() {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    ((Logger) LoggerFactory.getLogger(ScenarioRun.class)).addAppender(log);
    return log;
  }

  private static void release(ListAppender<ILoggingEvent> log) {
    ((Logger) LoggerFactory.getLogger(ScenarioRun.class)).detachAppender(log);
    log.stop();
  }

  private static List<String> warningsAbout(ListAppender<ILoggingEvent> log, String text) {
    return log.list.stream()
        .filter(event -> event.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .filter(message -> message.contains(text))
        .toList();
  }
}
