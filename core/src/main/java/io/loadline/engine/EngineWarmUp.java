package io.loadline.engine;

import io.loadline.engine.metrics.LatencyHistograms;
import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.Outcome;
import io.loadline.spi.Protocol;
import io.loadline.spi.StepResult;
import io.loadline.spi.UserSchedule;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a run takes its time origin: lets each protocol warm itself up (see {@link
 * Protocol#warmUp}), for as long as it takes under a high load and for {@link #LOW_LOAD_WARM_UP}
 * otherwise, and always does the one-off work the first arrivals would otherwise do on the
 * scheduler threads at time zero: loading the engine's and the rate models' classes (an iteration,
 * an exchange, a result, a cursor, a histogram), and starting the run's timer thread. It has no
 * effect on any figure and sends nothing. Stateless.
 *
 * <p>A load is high when some scenario may ask for {@link #HIGH_LOAD_PER_SECOND} requests a second
 * or more: an open model whose planned rate reaches it anywhere, or a closed model whose users
 * divided by their think time (taken as at least {@link #MIN_USER_CYCLE}, a fast round trip) do.
 * Below that, a cold JVM keeps up with the rate, but the first use of the request path (loading and
 * first compiling its classes) added about 300 ms to the first requests' latency, which the short
 * warm-up takes out of the figures.
 *
 * <p>Known limit: the first connection to the target is still opened at the first arrival, since
 * only real traffic would open it; the generator's lag warning says so when it shows.
 */
final class EngineWarmUp {

  private static final Logger LOG = LoggerFactory.getLogger(EngineWarmUp.class);
  private static final long TIMER_START_SECONDS = 5;

  /** Requests per second from which a run warms its protocols up before the origin. */
  static final double HIGH_LOAD_PER_SECOND = 1_000;

  /** The shortest time a closed-model user's iteration is taken to need, think time aside. */
  static final Duration MIN_USER_CYCLE = Duration.ofMillis(10);

  /** The longest a protocol's warm-up may take. */
  static final Duration MAX_PROTOCOL_WARM_UP = Duration.ofSeconds(10);

  /**
   * A lower load's protocol warm-up: long enough to load and first-compile the request path, whose
   * first use otherwise adds a few hundred milliseconds to the first requests' latency.
   */
  static final Duration LOW_LOAD_WARM_UP = Duration.ofMillis(150);

  /** The relative rounding error of a computed peak that {@link #isHighLoad} forgives. */
  static final double PEAK_ROUNDING = 1e-9;

  private EngineWarmUp() {}

  /**
   * Warms up, one after another, the protocols of the scenarios, each once; a protocol that fails
   * to warm up is logged and the run goes on without.
   */
  static void warmUpProtocols(List<ScenarioRun> scenarios, BooleanSupplier stopRequested)
      throws InterruptedException {
    Set<Protocol> warmed = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ScenarioRun scenario : scenarios) {
      CompiledScenario compiled = scenario.compiled();
      double peak = peakRequestsPerSecond(compiled);
      if (stopRequested.getAsBoolean() || !warmed.add(compiled.protocol())) {
        continue;
      }
      Duration limit = isHighLoad(peak) ? MAX_PROTOCOL_WARM_UP : LOW_LOAD_WARM_UP;
      LOG.info(
          "Scenario '{}' may ask for {} requests/s; warming up protocol '{}' first (at most {} ms)",
          compiled.name(),
          Math.round(peak),
          compiled.protocolId(),
          limit.toMillis());
      try {
        compiled.protocol().warmUp(limit, stopRequested);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        LOG.warn(
            "Protocol '{}' could not warm up ({}); the run starts without it",
            compiled.protocolId(),
            e.toString());
      }
    }
  }

  /**
   * Whether a scenario that may ask for {@code peakRequestsPerSecond} is a high load: at least
   * {@link #HIGH_LOAD_PER_SECOND}, give or take a rounding error of the peak's computation (a
   * relative {@value #PEAK_ROUNDING}), so a ramp to exactly 1,000/s counts.
   */
  static boolean isHighLoad(double peakRequestsPerSecond) {
    return peakRequestsPerSecond >= HIGH_LOAD_PER_SECOND * (1 - PEAK_ROUNDING);
  }

  /**
   * The most requests per second the scenario may ask for: an open model's peak planned rate (see
   * {@link LoadSize#peakRatePerSecond}), or a closed model's users over their think time, at least
   * {@link #MIN_USER_CYCLE}.
   */
  static double peakRequestsPerSecond(CompiledScenario compiled) {
    ArrivalSchedule schedule = compiled.schedule();
    if (schedule instanceof UserSchedule users) {
      Duration cycle =
          users.thinkTime().compareTo(MIN_USER_CYCLE) < 0 ? MIN_USER_CYCLE : users.thinkTime();
      return users.maxUsers() / (cycle.toNanos() / 1e9);
    }
    return LoadSize.peakRatePerSecond(schedule);
  }

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
