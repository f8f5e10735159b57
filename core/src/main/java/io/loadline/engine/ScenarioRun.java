package io.loadline.engine;

import io.loadline.spi.ArrivalCursor;
import io.loadline.spi.ExhaustionPolicy;
import io.loadline.spi.FeederExhaustedException;
import io.loadline.spi.Outcome;
import io.loadline.spi.StepResult;
import io.loadline.spi.UserSchedule;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scenario of a running test: its scheduler thread, which starts an iteration at each intended
 * arrival (open model) or keeps the planned number of users looping through a {@link
 * ClosedScenarioRun} (closed model), and the chaining of each iteration's steps as their requests
 * end. The scheduler runs until the schedule's planned duration is over, even when the last arrival
 * came earlier, unless the run is stopped.
 *
 * <p>Threads: the scheduler thread walks the schedule and starts iterations; protocol threads
 * report request ends, which record the figures and start the next step; no thread waits for a
 * request. Every anomaly is logged once per scenario.
 *
 * <p>Each iteration is one virtual user with its own {@link Iteration} (variables and cookies). A
 * failed request does not end its iteration, the next step runs anyway; a failed check or
 * extraction does (see {@link StepRules}).
 *
 * <p>Known limits: the feeder and the protocol's {@code execute} run on the scheduler thread, so a
 * slow feeder or protocol shows up as scheduling lag (which is measured and warned about, never
 * hidden).
 */
final class ScenarioRun {

  private static final Logger LOG = LoggerFactory.getLogger(ScenarioRun.class);

  /** Below this much time left, the scheduler spins instead of parking, for accuracy. */
  private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

  /** The longest single park, so a stop is noticed quickly even without an unpark. */
  private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /** How far behind its schedule the generator may fall before it says so. */
  private static final long LAG_WARNING_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** How often the scheduler of a closed model checks the planned number of users. */
  private static final long USER_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** The user of an open-model iteration, which has none. */
  static final int NO_USER = -1;

  /** How long past its timeout the engine waits for a protocol before ending a request itself. */
  static final Duration SAFETY_MARGIN = Duration.ofSeconds(1);

  private final CompiledScenario compiled;
  private final EngineRun run;
  private final int maxInFlight;
  private final ScenarioMetrics metrics;
  private final Thread scheduler;
  private final ClosedScenarioRun closed;

  /** The random sources of a seeded scenario's iterations; null when it is unseeded. */
  private final IterationSeeds seeds;

  private final AtomicBoolean warnedDropped = new AtomicBoolean();
  private final AtomicBoolean warnedLag = new AtomicBoolean();
  private final AtomicBoolean warnedSafetyTimeout = new AtomicBoolean();
  private final AtomicBoolean warnedProtocolThrew = new AtomicBoolean();
  private final AtomicBoolean warnedNextStepThrew = new AtomicBoolean();
  private final AtomicBoolean warnedFeederStopsUsers = new AtomicBoolean();
  private final AtomicBoolean warnedCancelThrew = new AtomicBoolean();
  private volatile boolean stopping;
  private volatile long scheduleEndedNanos = Long.MIN_VALUE;

  ScenarioRun(CompiledScenario compiled, EngineRun run, int maxInFlight, String threadName) {
    this.compiled = compiled;
    this.run = run;
    this.maxInFlight = maxInFlight;
    this.metrics =
        new ScenarioMetrics(
            compiled.steps().stream().map(CompiledStep::name).toList(),
            compiled.steps().stream().map(step -> step.rules().newCounters()).toList());
    this.scheduler = run.threadFactory(threadName).newThread(this::runSchedule);
    this.closed =
        compiled.schedule() instanceof UserSchedule users
            ? new ClosedScenarioRun(this, run, users)
            : null;
    this.seeds = compiled.seed() == null ? null : new IterationSeeds(compiled.seed());
  }

  String name() {
    return compiled.name();
  }

  /** The run this scenario belongs to. */
  EngineRun run() {
    return run;
  }

  CompiledScenario compiled() {
    return compiled;
  }

  ScenarioMetrics metrics() {
    return metrics;
  }

  /** The closed-model driver, or null for an open model. */
  ClosedScenarioRun closed() {
    return closed;
  }

  void startScheduler() {
    scheduler.start();
  }

  /** Asks the scheduler to start no more iterations; returns at once. */
  void stopScheduler() {
    stopping = true;
    LockSupport.unpark(scheduler);
  }

  void awaitScheduler() throws InterruptedException {
    if (scheduler.getState() != Thread.State.NEW) {
      scheduler.join();
    }
  }

  /** Whether the scheduler had stopped starting iterations at {@code nanos} (end or stop). */
  boolean scheduleEndedBy(long nanos) {
    long ended = scheduleEndedNanos;
    return ended != Long.MIN_VALUE && ended <= nanos;
  }

  /**
   * Seconds of schedule time so far, the denominator of the arrival rate: to now while the
   * scheduler runs, to the stop when it was stopped, and never more than the planned duration. A
   * schedule that ran to its end therefore counts exactly its planned duration, however late its
   * thread noticed the end.
   */
  double scheduleElapsedSeconds(long nowNanos) {
    long origin = run.originNanos();
    long ended = scheduleEndedNanos;
    long end = ended == Long.MIN_VALUE ? nowNanos : ended;
    long plannedNanos = SaturatingNanos.of(compiled.schedule().duration());
    return Math.min(Math.max(0, end - origin), plannedNanos) / 1e9;
  }

  // ---- The scheduler thread ----

  private void runSchedule() {
    run.awaitOrigin();
    long origin = run.originNanos();
    long durationNanos = SaturatingNanos.of(compiled.schedule().duration());
    boolean ranToEnd = false;
    try {
      ranToEnd =
          !stopping
              && (closed == null
                  ? walkSchedule(compiled.schedule().cursor(), origin)
                      && awaitOffset(origin, durationNanos)
                  : driveUsers(origin, durationNanos));
    } catch (RuntimeException e) {
      failRun(e);
    } catch (Error e) {
      // A plugin's StackOverflowError or LinkageError must end the run, not leave it hanging.
      run.failUnexpectedly(name(), e);
    } finally {
      if (closed != null) {
        closed.stop();
      }
      // The planned end, not when this thread noticed it, so the arrival rate is deterministic.
      scheduleEndedNanos =
          ranToEnd ? SaturatingNanos.add(origin, durationNanos) : System.nanoTime();
      run.onScheduleEnded();
    }
  }

  /** Ends the run in error for a failure of the scheduler or of a user's iteration start. */
  void failRun(RuntimeException failure) {
    if (failure instanceof FeederExhaustedException e) {
      run.fail(
          "Scenario '"
              + name()
              + "' ran out of feeder records ("
              + e.getMessage()
              + "); the run ended. Give the feeder more records, a strategy that reuses them,"
              + " or onExhausted: recycle or stop-user.");
    } else {
      run.failUnexpectedly(name(), failure);
    }
  }

  /**
   * Keeps the planned number of users of a closed model looping until the planned end, or until
   * every user has stopped on an exhausted feeder (stop-user); true then, false when the scenario
   * was stopped first.
   */
  private boolean driveUsers(long origin, long durationNanos) {
    while (true) {
      long elapsed = System.nanoTime() - origin;
      if (elapsed >= durationNanos) {
        return true;
      }
      if (closed.feederExhaustedAndIdle()) {
        LOG.info(
            "Scenario '{}': every user stopped on its exhausted feeder (stop-user) after {} ms;"
                + " the scenario ends before its planned {} ms",
            name(),
            TimeUnit.NANOSECONDS.toMillis(elapsed),
            TimeUnit.NANOSECONDS.toMillis(durationNanos));
        return true;
      }
      closed.adjustUsers(Duration.ofNanos(elapsed));
      if (!awaitOffset(origin, Math.min(durationNanos, elapsed + USER_CHECK_NANOS))) {
        return false;
      }
    }
  }

  /** Starts an iteration at every intended arrival; true when the schedule ran to its end. */
  private boolean walkSchedule(ArrivalCursor cursor, long origin) {
    for (long offset = cursor.nextOffsetNanos();
        offset != ArrivalCursor.END;
        offset = cursor.nextOffsetNanos()) {
      if (!awaitOffset(origin, offset)) {
        return false;
      }
      long intendedNanos = origin + offset;
      recordSchedulingLag(System.nanoTime() - intendedNanos);
      onArrival(intendedNanos);
    }
    return true;
  }

  /**
   * Waits until {@code offsetNanos} after {@code origin}: parks in short slices, then spins the
   * last moment for accuracy. A late deadline returns at once: a slow system never slows the
   * arrivals. Offsets, not absolute deadlines, so a huge offset cannot wrap into the past.
   *
   * @return false when the scenario is stopping
   */
  private boolean awaitOffset(long origin, long offsetNanos) {
    while (!stopping) {
      long remaining = offsetNanos - (System.nanoTime() - origin);
      if (remaining <= 0) {
        return true;
      }
      if (remaining > SPIN_NANOS) {
        LockSupport.parkNanos(Math.min(remaining - SPIN_NANOS, MAX_PARK_NANOS));
      } else {
        Thread.onSpinWait();
      }
    }
    return false;
  }

  private void onArrival(long intendedNanos) {
    if (metrics.inFlight.sum() >= maxInFlight) {
      metrics.dropped.increment();
      warnDroppedOnce();
      return;
    }
    try {
      startIteration(intendedNanos, NO_USER);
    } catch (FeederExhaustedException e) {
      if (!stopsOnlyTheUser(e)) {
        throw e;
      }
      metrics.dropped.increment(); // an open model has no user to stop: the arrival is dropped
    }
  }

  /**
   * Whether an exhausted feeder stops only the user that asked ({@code onExhausted: stop-user}),
   * warning once when so; otherwise the caller ends the run.
   */
  boolean stopsOnlyTheUser(FeederExhaustedException exhausted) {
    if (exhausted.policy() != ExhaustionPolicy.STOP_USER) {
      return false;
    }
    if (warnedFeederStopsUsers.compareAndSet(false, true)) {
      LOG.warn(
          "Scenario '{}': {}. With onExhausted: stop-user, {} Warned once.",
          name(),
          // A third-party feeder's message may end its sentence itself.
          String.valueOf(exhausted.getMessage()).replaceFirst("\\.$", ""),
          closed == null
              ? "every arrival from now on is dropped and counted as dropped."
              : "each user that asks for a record from now on stops iterating.");
    }
    return true;
  }

  /**
   * Starts one iteration: its feeder record and its first step.
   *
   * @param intendedNanos the intended start (open model) or the actual start (closed model)
   * @param user the closed-model user running it, or {@link #NO_USER}
   * @throws FeederExhaustedException when the feeder has no more records
   */
  void startIteration(long intendedNanos, int user) {
    Map<String, String> record = compiled.feeder() == null ? Map.of() : compiled.feeder().next();
    Iteration iteration =
        new Iteration(compiled.variables(), record, user, seeds == null ? null : seeds.next());
    metrics.started.increment();
    metrics.inFlight.increment();
    if (closed != null) {
      closed.track(user, iteration);
    }
    runStepOrEnd(compiled.program().first(iteration), iteration, intendedNanos);
  }

  /** Starts step {@code stepIndex}, or ends the iteration when it is {@link StepProgram#END}. */
  private void runStepOrEnd(int stepIndex, Iteration iteration, long nowNanos) {
    if (stepIndex == StepProgram.END) {
      endIteration(iteration, nowNanos);
    } else {
      startStep(stepIndex, iteration, nowNanos);
    }
  }

  // ---- Steps: started by the scheduler (step 1) or by the previous step's end ----

  private void startStep(int stepIndex, Iteration iteration, long intendedNanos) {
    if (iteration.hasEnded()) {
      return; // abandoned (see abandon): it starts nothing more
    }
    CompiledStep step = compiled.steps().get(stepIndex);
    if (step.think() != null) {
      ThinkTimes.pause(this, run, step.think(), stepIndex, iteration);
      return;
    }
    metrics.recordSent();
    StepExchange exchange =
        new StepExchange(
            this, stepIndex, iteration, intendedNanos, step.timeout(), step.rules().readsBody());
    // Published before the end flag is read again, so an abandonment racing this start either
    // sees the exchange or is seen here; the exchange's own flag settles which one counts it.
    iteration.setCurrentExchange(exchange);
    if (iteration.hasEnded()) {
      if (exchange.abandon()) {
        metrics.unrecordSent();
      }
      return;
    }
    armSafetyTimer(exchange, step.timeout());
    if (LOG.isDebugEnabled()) {
      LOG.debug("Scenario '{}': {} starts", name(), step.prepared().describe());
    }
    try {
      compiled.protocol().execute(step.prepared(), iteration, exchange);
    } catch (RuntimeException e) {
      if (warnedProtocolThrew.compareAndSet(false, true)) {
        LOG.warn(
            "Scenario '{}': protocol '{}' threw instead of reporting a failure ({}); such"
                + " requests count as other_error. Warned once.",
            name(),
            compiled.protocolId(),
            e.toString());
      }
      exchange.complete(StepResult.failure(Outcome.OTHER_ERROR, "protocol error: " + e));
    }
  }

  private void armSafetyTimer(StepExchange exchange, Duration timeout) {
    long delayNanos = SaturatingNanos.add(SaturatingNanos.of(timeout), SAFETY_MARGIN.toNanos());
    try {
      exchange.armSafetyTimer(
          run.timers().schedule(exchange::expire, delayNanos, TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      // The run is ending; its end abandons whatever is still in flight.
    }
  }

  /** A think time ended (from a timer thread): the iteration goes on after step {@code index}. */
  void onThinkEnded(int index, Iteration iteration) {
    if (!run.enterCompletion()) {
      return;
    }
    try {
      continueAfter(index, iteration, System.nanoTime());
    } finally {
      run.exitCompletion();
    }
  }

  private void continueAfter(int index, Iteration iteration, long nowNanos) {
    runStepOrEnd(compiled.program().next(iteration, StepProgram.NO_STATUS), iteration, nowNanos);
  }

  /** The iteration ran its last step (or a failed check or extraction ended it). */
  private void endIteration(Iteration iteration, long endedNanos) {
    if (!iteration.tryEnd()) {
      return; // abandoned: counted when it was
    }
    metrics.inFlight.decrement();
    if (closed != null) {
      closed.onIterationEnded(iteration.user(), endedNanos);
    }
  }

  /**
   * Abandons an unfinished iteration (a closed-model user retired on a ramp-down that outlived the
   * graceful stop): it ends now, uncounted as ended, and its request in flight, if any, counts as
   * interrupted and is cancelled at the protocol when the protocol said how (see {@link
   * io.loadline.spi.Exchange#onCancel}); the protocol's later completion of it is ignored. A think
   * step it was paused in is cancelled too.
   *
   * @return false when the iteration had ended already
   */
  boolean abandon(Iteration iteration) {
    if (!iteration.tryEnd()) {
      return false;
    }
    metrics.inFlight.decrement();
    iteration.cancelPause();
    StepExchange exchange = iteration.currentExchange();
    metrics.recordAbandoned(exchange != null && exchange.abandon());
    return true;
  }

  /** The protocol's cancel of an abandoned request threw: the request is left to end by itself. */
  void onCancelFailed(RuntimeException failure) {
    if (warnedCancelThrew.compareAndSet(false, true)) {
      LOG.warn(
          "Scenario '{}': protocol '{}' failed to cancel an abandoned request ({}); such requests"
              + " run on until they end or time out, still counted as interrupted. Warned once.",
          name(),
          compiled.protocolId(),
          failure.toString());
    }
  }

  /** A request ended (reported by the protocol); records it and starts the next step. */
  void onStepEnded(StepExchange exchange, StepResult result, long endedNanos) {
    if (!run.enterCompletion()) {
      return; // the run abandoned its in-flight requests: too late to count
    }
    try {
      long latencyNanos = endedNanos - exchange.intendedStartNanos();
      long serviceNanos = exchange.serviceTimeNanos(endedNanos);
      metrics.recordRequest(exchange.stepIndex(), result.outcome(), latencyNanos, serviceNanos);
      if (!result.outcome().isSuccess()) {
        metrics.recordFailure(exchange.stepIndex(), result);
      }
      if (LOG.isDebugEnabled()) {
        LOG.debug(
            "Scenario '{}' step {}: {} status {} in {} µs",
            name(),
            exchange.stepIndex() + 1,
            result.outcome().label(),
            result.statusCode(),
            latencyNanos / 1000);
      }
      int next;
      try {
        next = nextAfter(exchange, result, serviceNanos >= 0 ? serviceNanos : latencyNanos);
      } catch (RuntimeException e) {
        // StepRules counts its own failures; whatever else throws here must still end the
        // iteration, or it would stay in flight until the run's end counted it interrupted.
        if (warnedNextStepThrew.compareAndSet(false, true)) {
          LOG.warn(
              "Scenario '{}': choosing the step after step {} threw {}; the iteration ended."
                  + " Warned once.",
              name(),
              exchange.stepIndex() + 1,
              e.toString());
        }
        next = StepProgram.END;
      }
      runStepOrEnd(next, exchange.iteration(), endedNanos);
    } finally {
      run.exitCompletion();
    }
  }

  /** Checks and extractions, then the next step; a failure among them ends the iteration. */
  private int nextAfter(StepExchange exchange, StepResult result, long responseNanos) {
    int index = exchange.stepIndex();
    boolean goOn =
        compiled
            .steps()
            .get(index)
            .rules()
            .apply(result, responseNanos, exchange.iteration(), metrics.rules(index));
    return goOn
        ? compiled.program().next(exchange.iteration(), result.statusCode())
        : StepProgram.END;
  }

  /** The protocol never ended a request within its timeout and the margin: a timeout. */
  void onSafetyTimeout(StepExchange exchange, long nowNanos) {
    if (warnedSafetyTimeout.compareAndSet(false, true)) {
      LOG.warn(
          "Scenario '{}': protocol '{}' did not end a request within its timeout plus {}; the"
              + " engine counted it as a timeout. Warned once.",
          name(),
          compiled.protocolId(),
          SAFETY_MARGIN);
    }
    onStepEnded(
        exchange,
        StepResult.failure(Outcome.TIMEOUT, "no result from the protocol within the timeout"),
        nowNanos);
  }

  private void warnDroppedOnce() {
    if (warnedDropped.compareAndSet(false, true)) {
      LOG.warn(
          "Scenario '{}': {} iterations are in flight, the cap; arrivals are dropped and counted"
              + " until some end. The target is slower than the rate needs; raise maxInFlight or"
              + " lower the rate. Warned once.",
          name(),
          maxInFlight);
    }
  }

  /**
   * Records how late the generator started an iteration, and warns once when it is far behind; from
   * any thread that starts iterations (the scheduler, a timer, or the thread that ended a closed
   * model user's previous iteration).
   */
  void recordSchedulingLag(long lagNanos) {
    metrics.recordSchedulingLag(lagNanos);
    if (lagNanos > LAG_WARNING_NANOS) {
      warnLagOnce(lagNanos);
    }
  }

  private void warnLagOnce(long lagNanos) {
    if (warnedLag.compareAndSet(false, true)) {
      LOG.warn(
          "Scenario '{}': the load generator is {} ms behind its schedule; late arrivals are sent"
              + " at once. This is the generator's own CPU or memory, not the target. If it"
              + " happens only at the start of the run, it may be JVM warm-up at start (class"
              + " loading, first connections); otherwise lower the rate or give the generator"
              + " more CPU. Warned once.",
          name(),
          TimeUnit.NANOSECONDS.toMillis(lagNanos));
    }
  }

  @Override
  public String toString() {
    return "ScenarioRun[" + name() + ", inFlight=" + metrics.inFlight.sum() + "]";
  }
}
