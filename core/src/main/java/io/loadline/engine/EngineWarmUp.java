package io.loadline.engine;

import io.loadline.engine.metrics.LatencyHistograms;
import io.loadline.spi.Outcome;
import io.loadline.spi.StepResult;
import io.loadline.spi.UserSchedule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does, before a run takes its time origin, the one-off work the first arrivals would otherwise do
 * on the scheduler threads at time zero: loading the engine's and the rate models' classes (an
 * iteration, an exchange, a result, a cursor, a histogram), and starting the run's timer thread. It
 * has no effect on any figure and sends nothing. Stateless.
 *
 * <p>Known limit: the protocol's first request (and, for HTTP, its first connection) still happens
 * at the first arrival, since only a real request would warm it; the generator's lag warning says
 * so.
 */
final class EngineWarmUp {

  private static final Logger LOG = LoggerFactory.getLogger(EngineWarmUp.class);
  private static final long TIMER_START_SECONDS = 5;

  private EngineWarmUp() {}

  /** Prepares every scenario, then makes sure the run's timer thread is running. */
  static void prepare(List<ScenarioRun> scenarios, ScheduledThreadPoolExecutor timers) {
    for (ScenarioRun scenario : scenarios) {
      prepare(scenario);
    }
    startTimerThread(timers);
    LockSupport.parkNanos(1);
  }

  private static void prepare(ScenarioRun scenario) {
    CompiledScenario compiled = scenario.compiled();

    // The schedule's own code: a fresh cursor is pure, so reading it changes nothing.
    compiled.schedule().cursor().nextOffsetNanos();
    compiled.schedule().plannedRatePerSecond(Duration.ZERO);
    if (compiled.schedule() instanceof UserSchedule users) {
      users.plannedUsers(Duration.ZERO);
    }

    // The objects of a first iteration, built and dropped without being run or counted.
    Iteration iteration = new Iteration(compiled.variables(), Map.of(), ScenarioRun.NO_USER);
    iteration.state(EngineWarmUp.class, Object::new);
    for (int index = 0; index < compiled.steps().size(); index++) {
      CompiledStep step = compiled.steps().get(index);
      if (step.think() != null) {
        step.think().sampleNanos(ThreadLocalRandom.current());
        continue;
      }
      StepExchange exchange =
          new StepExchange(scenario, index, iteration, 0, step.timeout(), false);
      exchange.serviceTimeNanos(SaturatingNanos.of(exchange.timeout()));
    }
    StepResult.failure(Outcome.OTHER_ERROR, "warm-up").outcome().label();
    Recorder recorder = LatencyHistograms.newRecorder();
    recorder.recordValue(LatencyHistograms.toRecordedMicros(1_000));
    recorder.getIntervalHistogram();
  }

  /** A thread pool starts its thread on its first task; better now than at the first arrival. */
  private static void startTimerThread(ScheduledThreadPoolExecutor timers) {
    try {
      timers.schedule(() -> {}, 0, TimeUnit.NANOSECONDS).get(TIMER_START_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("The run's timer thread did not start early ({}); it will on first use", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
