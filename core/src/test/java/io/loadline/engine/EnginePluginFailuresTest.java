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
import io.loadline.plugins.http.HttpProtocolFactory;
import io.loadline.plugins.rate.ConstantRateModelFactory;
import io.loadline.spi.Exchange;
import io.loadline.spi.Feeder;
import io.loadline.spi.FeederExhaustedException;
import io.loadline.spi.FeederFactory;
import io.loadline.spi.Outcome;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PreparedStep;
import io.loadline.spi.Protocol;
import io.loadline.spi.ProtocolFactory;
import io.loadline.spi.StepResult;
import io.loadline.testsupport.TestTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The engine with third-party-like plugins that run out, fail to start or never answer. */
class EnginePluginFailuresTest {

  private static TestTarget target;
  private final Engine engine =
      new Engine(
          new PluginRegistry(
              List.of(
                  new PluginDescriptor(new ConstantRateModelFactory(), "classpath"),
                  new PluginDescriptor(new HttpProtocolFactory(), "classpath"),
                  new PluginDescriptor(new ThreeIdsFeederFactory(), "test"),
                  new PluginDescriptor(new BrokenProtocolFactory(), "test"),
                  new PluginDescriptor(new SilentProtocolFactory(), "test"),
                  new PluginDescriptor(new SluggishProtocolFactory(), "test"))),
          TestPlans.settings());

  @BeforeAll
  static void startTarget() throws Exception {
    target = new TestTarget();
  }

  @AfterAll
  static void stopTarget() throws Exception {
    target.close();
  }

  @Test
  void feederRecordsFillPlaceholdersAndAnExhaustedFeederEndsTheRunInError() throws Exception {
    ScenarioPlan base = TestPlans.scenario(0, "20/s", "2s", target.url("/items/{{id}}"));
    ScenarioPlan fed =
        new ScenarioPlan(
            "fed",
            "scenarios[0]",
            base.load(),
            base.protocol(),
            new PluginRef("three-ids", "scenarios[0].feeder", Map.of()),
            base.steps());

    RunResult result = run(TestPlans.plan(fed));

    assertEquals(EndReason.ERROR, result.endReason());
    assertTrue(result.errorMessage().contains("ran out of feeder records"), result.errorMessage());
    assertEquals(3, result.summary().scenarios().get(0).requests());
    assertTrue(target.requestTargets().containsAll(List.of("/items/1", "/items/2", "/items/3")));
  }

  @Test
  void aProtocolThatCannotStartEndsTheRunInErrorWithItsMessage() throws Exception {
    RunResult result = run(TestPlans.plan(withProtocol("broken")));

    assertEquals(EndReason.ERROR, result.endReason());
    assertTrue(result.errorMessage().contains("no port to bind"), result.errorMessage());
    assertEquals(0, result.summary().scenarios().get(0).arrivals());
    assertEquals(null, result.summary().scenarios().get(0).arrivalRatePerSecond());
  }

  @Test
  void aProtocolThatNeverAnswersStillEndsEachRequestAsATimeout() throws Exception {
    Plan base = TestPlans.plan(withProtocol("silent"));
    Plan plan =
        new Plan("silent", Duration.ofMillis(100), null, Duration.ofSeconds(5), base.scenarios());

    RunResult result = run(plan);

    var summary = result.summary().scenarios().get(0);
    assertEquals(EndReason.COMPLETED, result.endReason());
    assertEquals(5, summary.requests());
    assertEquals(5L, summary.failuresByKind().get("timeout"));
    assertEquals(0, summary.interrupted());
    assertTrue(summary.latency().minMillis() >= 1100, summary.latency().toString());
  }

  @Test
  void aGeneratorThatFallsBehindMeasuresItsLagAndWarnsOnce() throws Exception {
    // Arrivals every 100 ms, each taking 250 ms to hand over: 0, 150, 300, 450, 600 ms late.
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger scenarioLogger = (Logger) LoggerFactory.getLogger(ScenarioRun.class);
    scenarioLogger.addAppender(log);
    RunResult result;
    try {
      result = run(TestPlans.plan(withProtocol("sluggish")));
    } finally {
      scenarioLogger.detachAppender(log);
      log.stop();
    }

    var summary = result.summary().scenarios().get(0);
    System.out.printf("a 250 ms hand-over at 10/s: scheduling lag %s%n", summary.schedulingLag());
    assertEquals(5, summary.schedulingLag().count());
    assertTrue(summary.schedulingLag().p99Millis() >= 550, summary.schedulingLag().toString());
    assertTrue(summary.schedulingLag().minMillis() < 50, summary.schedulingLag().toString());
    List<String> warnings =
        log.list.stream()
            .filter(event -> event.getLevel() == Level.WARN)
            .map(ILoggingEvent::getFormattedMessage)
            .filter(message -> message.contains("behind its schedule"))
            .toList();
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("not the target"), warnings.get(0));
    assertTrue(warnings.get(0).contains("JVM warm-up at start"), warnings.get(0));
  }

  private RunResult run(Plan plan) throws Exception {
    return engine
        .start(engine.compile(plan), RunObserver.NONE)
        .completion()
        .get(20, TimeUnit.SECONDS);
  }

  private static ScenarioPlan withProtocol(String id) {
    ScenarioPlan base = TestPlans.scenario(0, "10/s", "500ms", "unused");
    return new ScenarioPlan(
        "custom",
        "scenarios[0]",
        base.load(),
        new PluginRef(id, "scenarios[0].protocol", Map.of()),
        null,
        base.steps());
  }

  /** A queue of three records, then exhausted. */
  public static final class ThreeIdsFeederFactory implements FeederFactory {
    @Override
    public String id() {
      return "three-ids";
    }

    @Override
    public String description() {
      return "ids 1 to 3";
    }

    @Override
    public Feeder create(PluginConfig config) {
      AtomicInteger next = new AtomicInteger();
      return () -> {
        int id = next.incrementAndGet();
        if (id > 3) {
          throw new FeederExhaustedException("all 3 records were used");
        }
        return Map.of("id", String.valueOf(id));
      };
    }
  }

  /** A protocol whose start always fails. */
  public static final class BrokenProtocolFactory implements ProtocolFactory {
    @Override
    public String id() {
      return "broken";
    }

    @Override
    public String description() {
      return "cannot start";
    }

    @Override
    public Protocol create(PluginConfig config) {
      return new SilentProtocol() {
        @Override
        public void start() throws Exception {
          throw new IllegalStateException("no port to bind");
        }
      };
    }
  }

  /** A protocol that accepts every request and never reports an end. */
  public static final class SilentProtocolFactory implements ProtocolFactory {
    @Override
    public String id() {
      return "silent";
    }

    @Override
    public String description() {
      return "never answers";
    }

    @Override
    public Protocol create(PluginConfig config) {
      return new SilentProtocol();
    }
  }

  /** A protocol that takes 250 ms to hand each request over, then reports a success. */
  public static final class SluggishProtocolFactory implements ProtocolFactory {
    @Override
    public String id() {
      return "sluggish";
    }

    @Override
    public String description() {
      return "slow to send";
    }

    @Override
    public Protocol create(PluginConfig config) {
      return new SilentProtocol() {
        @Override
        public void execute(PreparedStep step, Map<String, String> variables, Exchange exchange) {
          try {
            Thread.sleep(250);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sent();
          exchange.complete(new StepResult(Outcome.SUCCESS, 200, 0, ""));
        }
      };
    }
  }

  private static class SilentProtocol implements Protocol {
    @Override
    public PreparedStep prepare(PluginConfig stepConfig) {
      return () -> "silence";
    }

    @Override
    public void start() throws Exception {}

    @Override
    public void execute(PreparedStep step, Map<String, String> variables, Exchange exchange) {
      exchange.sent();
    }

    @Override
    public void close() {}
  }
}
