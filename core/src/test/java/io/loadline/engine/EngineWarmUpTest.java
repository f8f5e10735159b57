package io.loadline.engine;

import static io.loadline.engine.TestPlans.plan;
import static io.loadline.engine.TestPlans.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.plan.Plan;
import io.loadline.plan.PluginRef;
import io.loadline.plan.ScenarioPlan;
import io.loadline.pluginhost.PluginDescriptor;
import io.loadline.pluginhost.PluginRegistry;
import io.loadline.plugins.rate.ConstantRateModelFactory;
import io.loadline.plugins.rate.RampRateModelFactory;
import io.loadline.plugins.rate.UsersRateModelFactory;
import io.loadline.spi.Exchange;
import io.loadline.spi.Outcome;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PreparedStep;
import io.loadline.spi.Protocol;
import io.loadline.spi.ProtocolFactory;
import io.loadline.spi.StepResult;
import io.loadline.testsupport.TestTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The warm-up before a run's origin: which loads get one, that it never reaches the target, and
 * that a stop during it ends the run before any request.
 */
class EngineWarmUpTest {

  private static TestTarget target;
  private final Engine engine = new Engine(TestPlans.builtInPlugins(), TestPlans.settings());

  @BeforeAll
  static void startTarget() throws Exception {
    target = new TestTarget();
  }

  @AfterAll
  static void stopTarget() throws Exception {
    target.close();
  }

  @Test
  void anOpenModelsPeakIsItsHighestPlannedRate() throws Exception {
    assertEquals(1_500, peakOf(Map.of("rate", "1500/s", "duration", "10s")), 1e-6);
    assertEquals(
        5_000,
        peakOf("ramp", Map.of("startRate", "0/s", "endRate", "5000/s", "duration", "100s")),
        0.01);
    assertEquals(0.4, peakOf(Map.of("rate", "0.4/s", "duration", "30m")), 1e-9);
    // 51 arrivals in 1 s, a count rounded up, not a rate of 51/s.
    assertEquals(3001 / 60.0, peakOf(Map.of("rate", "3001/m", "duration", "1s")), 1e-9);
  }

  @Test
  void aRampEndingExactlyAtTheHighLoadRateIsAHighLoad() throws Exception {
    double peak =
        peakOf("ramp", Map.of("startRate", "0/s", "endRate", "1000/s", "duration", "10s"));

    assertEquals(1_000, peak, 1e-6);
    assertTrue(EngineWarmUp.isHighLoad(peak), "peak " + peak);
    assertTrue(
        EngineWarmUp.isHighLoad(
            peakOf("ramp", Map.of("startRate", "0/s", "endRate", "1000/s", "duration", "100ms"))));
    assertFalse(
        EngineWarmUp.isHighLoad(
            peakOf("ramp", Map.of("startRate", "0/s", "endRate", "999/s", "duration", "10s"))));
    assertFalse(EngineWarmUp.isHighLoad(peakOf(Map.of("rate", "999.9/s", "duration", "10s"))));
  }

  @Test
  void aClosedModelsPeakIsItsUsersOverTheirThinkTimeAtLeastTenMilliseconds() throws Exception {
    assertEquals(6_400, peakOf("users", Map.of("users", 64, "duration", "15s")), 1e-6);
    assertEquals(
        10_000,
        peakOf("users", Map.of("users", 10_000, "duration", "60s", "thinkTime", "1s")),
        1e-6);
    assertEquals(
        5, peakOf("users", Map.of("users", 5, "duration", "60s", "thinkTime", "1s")), 1e-9);
  }

  @Test
  void aHighLoadRunWarmsUpWithoutSendingTheTargetAnythingBeyondItsArrivals() throws Exception {
    target.requestTargets().clear();
    Plan plan = plan(scenario(0, "1200/s", "1s", target.url("/ok?run=warm")));

    RunResult result =
        engine.start(engine.compile(plan), RunObserver.NONE).completion().get(30, TimeUnit.SECONDS);

    ScenarioSummary summary = result.summary().scenarios().get(0);
    assertEquals(EndReason.COMPLETED, result.endReason(), String.valueOf(result.errorMessage()));
    assertEquals(1_200, summary.arrivals());
    assertEquals(summary.requests(), summary.successes());
    long atTarget =
        target.requestTargets().stream().filter(path -> path.equals("/ok?run=warm")).count();
    assertEquals(1_200, atTarget, "the target saw only the run's own requests");
    assertEquals(1_200, target.requestTargets().size(), "and nothing else at all");
  }

  @Test
  void aLowLoadWarmsItsProtocolUpBrieflyAndAHighLoadUntilTheCompilersSettle() throws Exception {
    RecordingProtocolFactory recording = new RecordingProtocolFactory(false);
    Engine recordingEngine = engineWith(recording);

    run(recordingEngine, Map.of("rate", "50/s", "duration", "100ms"));
    run(recordingEngine, Map.of("rate", "2000/s", "duration", "100ms"));

    assertEquals(2, recording.warmUps.get(), "one warm-up per run");
    assertEquals(
        List.of(Duration.ofMillis(150), Duration.ofSeconds(10)),
        recording.limits,
        "50/s only loads the request path; 2,000/s warms up for as long as it takes");
  }

  @Test
  void aStopDuringTheWarmUpEndsTheRunBeforeAnyRequest() throws Exception {
    RecordingProtocolFactory blocking = new RecordingProtocolFactory(true);
    Engine blockingEngine = engineWith(blocking);
    RunningTest running =
        blockingEngine.start(
            blockingEngine.compile(planOn(Map.of("rate", "5000/s", "duration", "30s"))),
            RunObserver.NONE);
    assertTrue(blocking.warmUpStarted.await(10, TimeUnit.SECONDS), "the warm-up began");

    running.stop();
    RunResult result = running.completion().get(20, TimeUnit.SECONDS);

    assertEquals(EndReason.STOPPED, result.endReason());
    assertEquals(0, result.summary().scenarios().get(0).requestsSent());
    assertEquals(0, blocking.executed.get());
  }

  private double peakOf(Map<String, Object> load) throws Exception {
    return peakOf("constant", load);
  }

  private double peakOf(String model, Map<String, Object> load) throws Exception {
    Map<String, Object> settings = new HashMap<>(load);
    try (CompiledPlan compiled =
        engine.compile(plan(scenario(0, model, settings, target.url("/ok"))))) {
      return EngineWarmUp.peakRequestsPerSecond(compiled.scenarios().get(0));
    }
  }

  private static Engine engineWith(RecordingProtocolFactory protocol) {
    return new Engine(
        new PluginRegistry(
            List.of(
                new PluginDescriptor(new ConstantRateModelFactory(), "classpath"),
                new PluginDescriptor(new RampRateModelFactory(), "classpath"),
                new PluginDescriptor(new UsersRateModelFactory(), "classpath"),
                new PluginDescriptor(protocol, "test"))),
        TestPlans.settings());
  }

  private static Plan planOn(Map<String, Object> load) {
    ScenarioPlan base = scenario(0, load, "unused");
    return plan(
        new ScenarioPlan(
            base.name(),
            base.path(),
            base.load(),
            new PluginRef("recording", "scenarios[0].protocol", Map.of()),
            null,
            base.steps()));
  }

  private static void run(Engine engine, Map<String, Object> load) throws Exception {
    RunResult result =
        engine
            .start(engine.compile(planOn(load)), RunObserver.NONE)
            .completion()
            .get(30, TimeUnit.SECONDS);
    assertEquals(EndReason.COMPLETED, result.endReason(), String.valueOf(result.errorMessage()));
  }

  /** A protocol that records its warm-ups and ends each request at once as a success. */
  public static final class RecordingProtocolFactory implements ProtocolFactory {
    final AtomicInteger warmUps = new AtomicInteger();
    final AtomicInteger executed = new AtomicInteger();
    final List<Duration> limits = new ArrayList<>();
    final CountDownLatch warmUpStarted = new CountDownLatch(1);
    private final boolean warmUpUntilStopped;

    RecordingProtocolFactory(boolean warmUpUntilStopped) {
      this.warmUpUntilStopped = warmUpUntilStopped;
    }

    @Override
    public String id() {
      return "recording";
    }

    @Override
    public String description() {
      return "records warm-ups; ends each request at once";
    }

    @Override
    public Protocol create(PluginConfig config) {
      return new Protocol() {
        @Override
        public PreparedStep prepare(PluginConfig stepConfig) {
          return () -> "recorded";
        }

        @Override
        public void start() {}

        @Override
        public void warmUp(Duration maxDuration, BooleanSupplier stopRequested)
            throws InterruptedException {
          warmUps.incrementAndGet();
          limits.add(maxDuration);
          warmUpStarted.countDown();
          while (warmUpUntilStopped && !stopRequested.getAsBoolean()) {
            Thread.sleep(5);
          }
        }

        @Override
        public void execute(PreparedStep step, Map<String, String> variables, Exchange exchange) {
          executed.incrementAndGet();
          exchange.sent();
          exchange.complete(new StepResult(Outcome.SUCCESS, 200, 0, ""));
        }

        @Override
        public void close() {}
      };
    }
  }
}
