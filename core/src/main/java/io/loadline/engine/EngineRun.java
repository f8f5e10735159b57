package io.loadline.engine;

import io.loadline.spi.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One running test: a coordinator thread that starts the protocols, warms the engine up (see {@link
 * EngineWarmUp}) and starts the scenarios' scheduler threads before it takes the time origin, then
 * starts the reporter, waits for the end (schedules done, a stop, or an error), drains in-flight
 * requests within the graceful stop, abandons the rest, reports the last interval, closes
 * everything and completes {@link #completion()}. No thread of the run outlives it. An unexpected
 * exception on a scheduler thread ends the run in {@link EndReason#ERROR}.
 *
 * <p>Thread-safe: {@link #stop()} and {@link #liveSummary()} from any thread. The first end reason
 * wins; later ones are ignored.
 */
final class EngineRun implements RunningTest {

  private static final Logger LOG = LoggerFactory.getLogger(EngineRun.class);
  private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long DRAIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long TIMER_SHUTDOWN_SECONDS = 5;

  /** Why and how the run ends; set once. */
  private record End(EndReason reason, String errorMessage) {}

  /** The starting thread's MDC (such as the run id), copied onto every thread of the run. */
  private final Map<String, String> callerContext = MDC.getCopyOfContextMap();

  /** One key of {@link #callerContext}, to tell whether a thread carries it; null when none. */
  private final String contextProbeKey =
      callerContext == null || callerContext.isEmpty()
          ? null
          : callerContext.keySet().iterator().next();

  private final CompiledPlan plan;
  private final RunObserver observer;
  private final Instant startedAt = Instant.now();
  private final List<ScenarioRun> scenarios = new ArrayList<>();
  private final ScheduledThreadPoolExecutor timers;
  private final Thread coordinator;
  private final List<Thread> ownThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final CompletableFuture<RunResult> completion = new CompletableFuture<>();
  private final AtomicReference<End> end = new AtomicReference<>();
  private final CountDownLatch endRequested = new CountDownLatch(1);
  private final CountDownLatch originTaken = new CountDownLatch(1);
  private final AtomicBoolean unexpectedFailureLogged = new AtomicBoolean();
  private final AtomicInteger runningSchedulers;
  private final AtomicInteger activeCompletions = new AtomicInteger();
  private volatile boolean abandoned;
  private volatile boolean originSet;
  private volatile long originNanos;
  private volatile long endNanos = Long.MIN_VALUE;
  private IntervalReporter reporter;
  private ScheduledFuture<?> ticks;

  EngineRun(CompiledPlan plan, RunObserver observer) {
    this.plan = plan;
    this.observer = observer;
    String prefix = "loadline-" + plan.plan().name() + "-";
    for (CompiledScenario scenario : plan.scenarios()) {
      String threadName = prefix + scenario.name() + "-scheduler";
      scenarios.add(new ScenarioRun(scenario, this, plan.maxInFlight(), threadName));
    }
    this.runningSchedulers = new AtomicInteger(scenarios.size());
    this.timers = new ScheduledThreadPoolExecutor(1, threadFactory(prefix + "reporter"));
    timers.setRemoveOnCancelPolicy(true);
    timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    timers.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    this.coordinator =
        Thread.ofPlatform()
            .name(prefix + "run")
            .daemon(true)
            .unstarted(withCallerContext(this::coordinate));
  }

  /** Daemon threads of this run, each carrying the caller's MDC. */
  ThreadFactory threadFactory(String name) {
    ThreadFactory threads = Thread.ofPlatform().name(name).daemon(true).factory();
    return task -> {
      Thread thread = threads.newThread(withCallerContext(task));
      ownThreads.add(thread);
      return thread;
    };
  }

  /** The task, run with the caller's MDC on whichever thread runs it. */
  Runnable withCallerContext(Runnable task) {
    if (callerContext == null) {
      return task;
    }
    return () -> {
      MDC.setContextMap(callerContext);
      try {
        task.run();
      } finally {
        MDC.clear();
      }
    };
  }

  /**
   * Puts the caller's MDC on the current thread unless it carries it already, as when a protocol
   * calls back on a thread of its own; returns whether it did, and then {@link #leaveContext()}
   * must follow. On the run's own threads this costs one thread-local read.
   */
  boolean enterContext() {
    if (contextProbeKey == null || MDC.get(contextProbeKey) != null) {
      return false;
    }
    callerContext.forEach(MDC::put);
    return true;
  }

  /** Takes off the thread what {@link #enterContext()} put on it. */
  void leaveContext() {
    callerContext.keySet().forEach(MDC::remove);
  }

  void launch() {
    coordinator.start();
  }

  @Override
  public Instant startedAt() {
    return startedAt;
  }

  @Override
  public void stop() {
    requestEnd(EndReason.STOPPED, null);
  }

  @Override
  public RunSummary liveSummary() {
    return summary(System.nanoTime());
  }

  @Override
  public RunHistograms cumulativeHistograms() {
    List<RunHistograms.ScenarioHistograms> copies = new ArrayList<>(scenarios.size());
    for (ScenarioRun scenario : scenarios) {
      copies.add(scenario.metrics().histograms(scenario.name()));
    }
    return new RunHistograms(copies);
  }

  @Override
  public CompletableFuture<RunResult> completion() {
    return completion;
  }

  @Override
  public boolean awaitThreadsEnded(java.time.Duration maxWait) throws InterruptedException {
    long budgetNanos = SaturatingNanos.of(maxWait);
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>(ownThreads);
    threads.add(coordinator);
    for (Thread thread : threads) {
      long leftNanos = Math.max(0, budgetNanos - (System.nanoTime() - start));
      if (thread.getState() != Thread.State.NEW
          && !thread.join(java.time.Duration.ofNanos(Math.max(1, leftNanos)))) {
        return false;
      }
    }
    return true;
  }

  // ---- Called by the scenarios ----

  long originNanos() {
    return originNanos;
  }

  /**
   * Blocks a scheduler thread, started before the origin so its start costs no arrival any time,
   * until the coordinator has taken the origin (or the run is ending).
   */
  void awaitOrigin() {
    try {
      originTaken.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How long in-flight work may go on after the end, a stop, or a closed model's ramp-down. */
  Duration gracefulStop() {
    return plan.gracefulStop();
  }

  /** Where the run may send requests its plan did not name; see {@link TargetGuard}. */
  TargetGuard targetGuard() {
    return plan.targetGuard();
  }

  ScheduledThreadPoolExecutor timers() {
    return timers;
  }

  /** Ends the run in error; the first end reason wins. */
  void fail(String message) {
    requestEnd(EndReason.ERROR, message);
  }

  /**
   * Ends the run in error for an exception nobody expected (a defect of a plugin or the engine):
   * the first such failure is logged with its stack, and its message becomes the run's error.
   */
  void failUnexpectedly(String scenarioName, Throwable failure) {
    if (unexpectedFailureLogged.compareAndSet(false, true)) {
      LOG.error("Scenario '{}' failed unexpectedly; the run ends", scenarioName, failure);
    } else {
      LOG.debug("Scenario '{}' failed unexpectedly again", scenarioName, failure);
    }
    String detail = failure.getMessage() == null ? "" : ": " + failure.getMessage();
    fail(
        "Scenario '"
            + scenarioName
            + "' failed unexpectedly ("
            + failure.getClass().getSimpleName()
            + detail
            + "); the run ended. This is a defect of a plugin (such as its rate model) or of"
            + " the engine; the server log has the stack trace.");
  }

  void onScheduleEnded() {
    if (runningSchedulers.decrementAndGet() == 0) {
      requestEnd(EndReason.COMPLETED, null);
    }
  }

  /**
   * Enters the recording of one request's end; false once the run has abandoned its in-flight
   * requests. Every true must be followed by {@link #exitCompletion()}.
   */
  boolean enterCompletion() {
    activeCompletions.incrementAndGet();
    if (abandoned) {
      activeCompletions.decrementAndGet();
      return false;
    }
    return true;
  }

  void exitCompletion() {
    activeCompletions.decrementAndGet();
  }

  // ---- The coordinator thread ----

  private void coordinate() {
    try {
      if (startProtocols()) {
        runScenarios();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("The run's coordinator was interrupted; the run ended early.");
    } catch (RuntimeException e) {
      LOG.error("Run '{}' failed", plan.plan().name(), e);
      fail("The run failed: " + e);
    } finally {
      finish();
    }
  }

  /** Starts every protocol; false (the run ends in error or was stopped) when it cannot go on. */
  private boolean startProtocols() {
    for (Protocol protocol : plan.protocols()) {
      try {
        protocol.start();
      } catch (Exception e) {
        fail(
            "A protocol could not start ("
                + e
                + "); the run sent no request. Check the plan's protocol settings.");
        return false;
      }
    }
    return end.get() == null;
  }

  private void runScenarios() throws InterruptedException {
    // Warm up, load classes and start threads first, so the first arrivals after the origin are on
    // time; a stop during the warm-up ends the run before its origin.
    EngineWarmUp.warmUpProtocols(scenarios, () -> end.get() != null);
    if (end.get() != null) {
      return;
    }
    EngineWarmUp.prepare(scenarios, timers);
    for (ScenarioRun scenario : scenarios) {
      scenario.startScheduler();
    }
    originNanos = System.nanoTime();
    originSet = true;
    originTaken.countDown();
    reporter = new IntervalReporter(scenarios, observer, originNanos);
    long firstTickDelay = originNanos + TICK_NANOS - System.nanoTime();
    ticks =
        timers.scheduleAtFixedRate(
            reporter::tick, firstTickDelay, TICK_NANOS, TimeUnit.NANOSECONDS);
    logStart();

    // Wait for the end, then let what is in flight finish within the graceful stop.
    endRequested.await();
    stopSchedulers();
    awaitInFlight(SaturatingNanos.of(plan.gracefulStop()));
  }

  private void awaitInFlight(long gracefulStopNanos) {
    long start = System.nanoTime();
    while (totalInFlight() > 0) {
      long remaining = gracefulStopNanos - (System.nanoTime() - start);
      if (remaining <= 0) {
        return;
      }
      LockSupport.parkNanos(Math.min(remaining, DRAIN_POLL_NANOS));
    }
  }

  private void finish() {
    // Release schedulers still waiting for an origin that a failure kept from being taken;
    // they see the stop first and start nothing.
    for (ScenarioRun scenario : scenarios) {
      scenario.stopScheduler();
    }
    originTaken.countDown();

    // Stop everything that could still change a figure, then freeze the figures.
    stopSchedulers();
    abandonInFlight();
    endNanos = System.nanoTime();
    reportLastInterval();
    shutDownTimers();
    CompiledPlan.closeAll(plan.scenarios(), plan.protocols());

    // Report the end.
    End ended = end.get();
    if (ended == null) {
      ended = new End(EndReason.ERROR, "The run ended for no known reason.");
    }
    RunSummary summary = summary(endNanos);
    logEnd(ended, summary);
    completion.complete(
        new RunResult(
            ended.reason(),
            summary,
            startedAt,
            Instant.now(),
            ended.errorMessage(),
            cumulativeHistograms()));
  }

  private void stopSchedulers() {
    for (ScenarioRun scenario : scenarios) {
      scenario.stopScheduler();
    }
    for (ScenarioRun scenario : scenarios) {
      try {
        scenario.awaitScheduler();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        LOG.warn("Interrupted while waiting for the scheduler of scenario '{}'", scenario.name());
      }
    }
  }

  /**
   * Ignores every later request end and counts what is still in flight as interrupted: requests
   * without a recorded end, and apart from them the unfinished iterations.
   */
  private void abandonInFlight() {
    abandoned = true;
    while (activeCompletions.get() != 0) {
      Thread.onSpinWait();
    }
    for (ScenarioRun scenario : scenarios) {
      scenario.metrics().markInterrupted();
    }
  }

  private void reportLastInterval() {
    if (reporter == null) {
      return;
    }
    ticks.cancel(false);
    try {
      timers.submit(reporter::tick).get();
    } catch (ExecutionException e) {
      LOG.warn("Could not report the run's last interval", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void shutDownTimers() {
    timers.shutdownNow();
    try {
      if (!timers.awaitTermination(TIMER_SHUTDOWN_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("The run's reporter thread did not end within {} s", TIMER_SHUTDOWN_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void requestEnd(EndReason reason, String errorMessage) {
    if (end.compareAndSet(null, new End(reason, errorMessage))) {
      if (reason == EndReason.ERROR) {
        LOG.warn("Run '{}' is ending: {}", plan.plan().name(), errorMessage);
      } else {
        LOG.info("Run '{}' is ending: {}", plan.plan().name(), reason);
      }
      endRequested.countDown();
    }
  }

  private long totalInFlight() {
    long total = 0;
    for (ScenarioRun scenario : scenarios) {
      total += scenario.metrics().inFlight.sum();
    }
    return total;
  }

  private RunSummary summary(long nowNanos) {
    List<ScenarioSummary> summaries = new ArrayList<>(scenarios.size());
    if (!originSet) {
      for (ScenarioRun scenario : scenarios) {
        summaries.add(scenario.metrics().summary(scenario.name(), 0, 0, usersIterated(scenario)));
      }
      return new RunSummary(0, summaries);
    }
    long ended = endNanos;
    long until = ended == Long.MIN_VALUE ? nowNanos : ended;
    double elapsedSeconds = Math.max(0, until - originNanos) / 1e9;
    for (ScenarioRun scenario : scenarios) {
      double scheduleSeconds = scenario.scheduleElapsedSeconds(until);
      summaries.add(
          scenario
              .metrics()
              .summary(scenario.name(), elapsedSeconds, scheduleSeconds, usersIterated(scenario)));
    }
    return new RunSummary(elapsedSeconds, summaries);
  }

  private static Integer usersIterated(ScenarioRun scenario) {
    ClosedScenarioRun closed = scenario.closed();
    return closed == null ? null : closed.usersThatIterated();
  }

  private void logStart() {
    LOG.info(
        "Run '{}' started: {} scenario(s), timeout {}, maxInFlight {}, gracefulStop {}",
        plan.plan().name(),
        scenarios.size(),
        plan.timeout(),
        plan.maxInFlight(),
        plan.gracefulStop());
    for (ScenarioRun scenario : scenarios) {
      CompiledScenario compiled = scenario.compiled();
      if (scenario.closed() != null) {
        LOG.info(
            "Scenario '{}': up to {} looping users over {}, {} step(s) over protocol '{}'",
            scenario.name(),
            scenario.closed().maxUsers(),
            compiled.schedule().duration(),
            compiled.steps().size(),
            compiled.protocolId());
        continue;
      }
      LOG.info(
          "Scenario '{}': {} arrivals planned over {}, {} step(s) over protocol '{}'",
          scenario.name(),
          compiled.schedule().expectedArrivals(),
          compiled.schedule().duration(),
          compiled.steps().size(),
          compiled.protocolId());
    }
  }

  private void logEnd(End ended, RunSummary summary) {
    LOG.info(
        "Run '{}' ended ({}) after {} s",
        plan.plan().name(),
        ended.reason(),
        String.format(java.util.Locale.ROOT, "%.3f", summary.elapsedSeconds()));
    for (ScenarioSummary scenario : summary.scenarios()) {
      LOG.info(
          "Scenario '{}': {} arrivals, {} dropped, {} requests ({} successes, {} failures {}),"
              + " {} interrupted requests, {} interrupted iterations",
          scenario.name(),
          scenario.arrivals(),
          scenario.dropped(),
          scenario.requests(),
          scenario.successes(),
          scenario.failures(),
          scenario.failuresByKind(),
          scenario.interrupted(),
          scenario.interruptedIterations());
    }
  }

  @Override
  public String toString() {
    End ended = end.get();
    return "EngineRun[" + plan.plan().name() + ", " + (ended == null ? "running" : ended) + "]";
  }
}
