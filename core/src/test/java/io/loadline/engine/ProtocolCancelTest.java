package io.loadline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.plan.Plan;
import io.loadline.plan.PluginRef;
import io.loadline.plan.ScenarioPlan;
import io.loadline.pluginhost.PluginDescriptor;
import io.loadline.pluginhost.PluginRegistry;
import io.loadline.plugins.rate.UsersRateModelFactory;
import io.loadline.spi.Exchange;
import io.loadline.spi.Outcome;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PreparedStep;
import io.loadline.spi.Protocol;
import io.loadline.spi.ProtocolFactory;
import io.loadline.spi.StepResult;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the engine keeps of a protocol's cancel ({@link Exchange#onCancel}) once it is not needed.
 */
class ProtocolCancelTest {

  @Test
  void aRequestThatEndedLetsItsProtocolsCancelGoWhileItsUserThinks() throws Exception {
    // The cancel of an HTTP request holds the whole flight, its kept body included: a user waiting
    // out its think time must not keep it alive, or memory grows with users times body size.
    CancellableProtocolFactory factory = new CancellableProtocolFactory();
    Engine engine =
        new Engine(
            new PluginRegistry(
                List.of(
                    new PluginDescriptor(new UsersRateModelFactory(), "classpath"),
                    new PluginDescriptor(factory, "test"))),
            TestPlans.settings());
    ScenarioPlan base =
        TestPlans.scenario(
            0, "users", Map.of("users", 1, "duration", "20s", "thinkTime", "30s"), "unused");
    ScenarioPlan scenario =
        new ScenarioPlan(
            "cancellable",
            "scenarios[0]",
            base.load(),
            new PluginRef("cancellable", "scenarios[0].protocol", Map.of()),
            null,
            base.steps());
    Plan plan =
        new Plan(
            "cancel kept", Duration.ofSeconds(5), null, Duration.ofSeconds(1), List.of(scenario));
    RunningTest running = engine.start(engine.compile(plan), RunObserver.NONE);
    try {
      assertTrue(factory.completed.await(10, TimeUnit.SECONDS), "the one request ended");
      WeakReference<Runnable> cancel = factory.lastCancel;
      assertNotNull(cancel);
      // The user now waits 30 s; nothing but the engine could still hold the cancel.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (cancel.get() != null && System.nanoTime() < deadline) {
        System.gc();
        Thread.sleep(20);
      }
      assertNull(cancel.get(), "the ended request's cancel (and what it holds) is still kept");
    } finally {
      running.stop();
      RunResult result = running.completion().get(30, TimeUnit.SECONDS);
      assertEquals(1, result.summary().scenarios().get(0).requests());
    }
  }

  /** A protocol that says how to cancel each request, then ends it at once as a success. */
  public static final class CancellableProtocolFactory implements ProtocolFactory {

    final CountDownLatch completed = new CountDownLatch(1);
    volatile WeakReference<Runnable> lastCancel;

    @Override
    public String id() {
      return "cancellable";
    }

    @Override
    public String description() {
      return "cancellable, answers at once";
    }

    @Override
    public Protocol create(PluginConfig config) {
      return new Protocol() {
        @Override
        public PreparedStep prepare(PluginConfig stepConfig) {
          return () -> "cancellable";
        }

        @Override
        public void start() {}

        @Override
        public void execute(PreparedStep step, Map<String, String> variables, Exchange exchange) {
          // Stands for a flight: something big the cancel would free.
          byte[] held = new byte[1 << 20];
          Runnable cancel = () -> held[0] = 1;
          lastCancel = new WeakReference<>(cancel);
          exchange.onCancel(cancel);
          exchange.sent();
          exchange.complete(new StepResult(Outcome.SUCCESS, 200, 0, ""));
          completed.countDown();
        }

        @Override
        public void close() {}
      };
    }
  }
}
