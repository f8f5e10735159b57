package io.loadline.run;

import io.loadline.ConflictException;
import io.loadline.NotFoundException;
import io.loadline.engine.CompiledPlan;
import io.loadline.engine.EndReason;
import io.loadline.engine.Engine;
import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.RunHistograms;
import io.loadline.engine.RunResult;
import io.loadline.engine.RunSummary;
import io.loadline.engine.RunningTest;
import io.loadline.engine.ScenarioSummary;
import io.loadline.plan.Plan;
import io.loadline.plan.PlanReader;
import io.loadline.store.Database;
import io.loadline.store.PlanStore;
import io.loadline.store.StoredPlan;
import io.loadline.threshold.ThresholdEvaluator;
import io.loadline.threshold.ThresholdResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, stops and tracks runs, and keeps them in the database. One per process; thread-safe.
 *
 * <p>At construction every run left PENDING or RUNNING by a process that has gone is marked
 * INTERRUPTED. Two processes must therefore not share one database file while either runs tests.
 *
 * <p>A terminal state is decided once and written once. Each active run holds an atomic decision:
 * the first of a user's stop ({@code CANCELLED}, {@code stopped by user}), a shutdown ({@code
 * CANCELLED}, {@code shutdown}) and the engine's end ({@code PASSED} or {@code ERROR}) to set it
 * wins. A stop decides CANCELLED at once, even if the engine then reports that the schedule ran to
 * its end; the end time and duration are written when the engine has drained the in-flight
 * requests. The database update is guarded by the same rule ({@code WHERE state IN ('PENDING',
 * 'RUNNING')}), so no later write can change a terminal state.
 *
 * <p>Thresholds: while a run goes on, its plan's thresholds are judged on the live figures after
 * every 1 s interval, and an abort-on-fail breach (past its delay) decides {@code ABORTED} ({@code
 * threshold}) and stops the engine. When the engine reports a completed run, the thresholds are
 * judged on the final figures: any failure (no data included) makes it {@code FAILED}. The final
 * verdicts and the per-step histograms are written with the terminal row, whatever the state.
 *
 * <p>While a run is active, {@link #find} and {@link #list} show the engine's live summary, and the
 * stop reason it will end with once a stop has been asked for. Lifecycle events are logged at INFO
 * with the run's id in the MDC key {@value #MDC_RUN_ID}.
 *
 * <p>Each run has its own series thread ({@link SeriesWriter}): the engine's timer thread only
 * hands it each 1 s snapshot, and that thread judges the live thresholds, writes the run_series row
 * and tells the listeners, in order, so a slow database never delays the engine's timers. The run's
 * end waits for that thread to store every row before it writes the terminal row.
 *
 * <p>The process closes this service before the {@link Database} it was given.
 */
public final class RunService implements AutoCloseable {

  /** The MDC key holding the run id while a run's lifecycle is logged. */
  public static final String MDC_RUN_ID = "runId";

  /** How long {@link #close} waits beyond a run's graceful stop for the engine to report. */
  static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(5);

  /** The least time {@link #close} gives a run's threads to end once it has ended or not. */
  static final Duration THREAD_JOIN_MARGIN = Duration.ofSeconds(2);

  /** How long a run's end waits for its queued interval snapshots to be stored. */
  static final Duration SERIES_DRAIN_MAX_WAIT = Duration.ofSeconds(30);

  static final String REASON_COMPLETED = "completed";
  static final String REASON_STOPPED_BY_USER = "stopped by user";
  static final String REASON_SHUTDOWN = "shutdown";
  static final String REASON_ERROR = "error";
  static final String REASON_THRESHOLD = "threshold";

  private static final Logger log = LoggerFactory.getLogger(RunService.class);

  private final Engine engine;
  private final PlanStore plans;
  private final RunStore runs;
  private final Map<Long, ActiveRun> activeRuns = new ConcurrentHashMap<>();
  private final List<RunListener> listeners = new CopyOnWriteArrayList<>();

  /** Guards {@link #closed} and the registration of new runs, so close() sees every run. */
  private final Object registration = new Object();

  private boolean closed;

  public RunService(Database database, Engine engine) {
    Objects.requireNonNull(database, "database");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.plans = new PlanStore(database);
    this.runs = new RunStore(database);
    int interrupted = runs.interruptActive(Instant.now());
    log.info(
        "Marked {} run(s) INTERRUPTED that were PENDING or RUNNING when the last process ended",
        interrupted);
  }

  /**
   * Starts a run of the stored plan. The run is persisted PENDING, then RUNNING. When the engine
   * cannot start it, the run ends ERROR and is returned as such.
   *
   * @throws io.loadline.NotFoundException when the plan does not exist
   * @throws io.loadline.plan.PlanValidationException when the stored plan no longer validates; no
   *     run is recorded
   * @throws io.loadline.ConflictException when the service is shutting down
   */
  public RunRecord start(long planId) {
    return start(planId, UnaryOperator.identity());
  }

  /**
   * As {@link #start(long)}, from the stored plan's source rewritten by {@code sourceOverride} (for
   * example a dashboard's rate and duration overrides). The run keeps the rewritten source, so it
   * records what actually ran; the stored plan is unchanged.
   */
  public RunRecord start(long planId, UnaryOperator<String> sourceOverride) {
    refuseWhenClosed();
    StoredPlan original =
        plans
            .find(planId)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "The plan " + planId + " does not exist; list the plans to find its id."));
    StoredPlan stored =
        new StoredPlan(
            original.id(),
            original.name(),
            original.format(),
            sourceOverride.apply(original.source()),
            original.createdAt(),
            original.updatedAt());
    Plan plan = new PlanReader(engine).read(stored.source());
    CompiledPlan compiled = engine.compile(plan);
    ActiveRun run;
    try {
      run = register(stored, gracefulStopOf(plan), thresholdEvaluator(stored, plan));
    } catch (RuntimeException e) {
      compiled.close();
      throw e;
    }
    try (RunLogContext ignored = RunLogContext.of(run.id)) {
      log.info("Run {} of plan {} ('{}') created", run.id, stored.id(), stored.name());
      launch(run, compiled);
    }
    return find(run.id).orElseThrow();
  }

  /**
   * Stops a running run; it ends CANCELLED once in-flight requests have finished or the graceful
   * stop ran out. Returns the run as it is when the stop has been requested. Stopping a run that is
   * already stopping returns it again.
   *
   * @throws io.loadline.NotFoundException when the run does not exist
   * @throws io.loadline.ConflictException when the run has already ended
   */
  public RunRecord stop(long runId) {
    ActiveRun run = activeRun(runId);
    if (run == null) {
      throw notActive(runId);
    }
    Decision cancel = new Decision(RunState.CANCELLED, REASON_STOPPED_BY_USER);
    Decision earlier = run.decision.compareAndExchange(null, cancel);
    if (earlier == null) {
      try (RunLogContext ignored = RunLogContext.of(runId)) {
        log.info("Run {} stop requested by a user", runId);
        run.requestEngineStop();
      }
    } else if (earlier.state() != RunState.CANCELLED) {
      throw new ConflictException(
          "Run "
              + runId
              + " has already ended ("
              + earlier.state()
              + "); there is nothing to stop.");
    }
    return find(runId).orElseThrow(() -> notFound(runId));
  }

  /** The run, with its live summary while it runs. */
  public Optional<RunRecord> find(long runId) {
    Optional<RunRecord> stored = runs.find(runId);
    if (stored.isEmpty() || stored.get().state().isTerminal()) {
      return stored;
    }
    ActiveRun run = activeRuns.get(runId);
    if (run == null) {
      // It ended between the two reads (or belongs to no live run): read the final row.
      return runs.find(runId);
    }
    return Optional.of(run.live(stored.get()));
  }

  /** Runs newest first, of one plan or all when {@code planId} is empty. */
  public List<RunRecord> list(Optional<Long> planId, int limit) {
    Objects.requireNonNull(planId, "planId");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
    List<RunRecord> records = new ArrayList<>();
    for (RunRecord record : runs.list(planId, limit)) {
      ActiveRun run = record.state().isTerminal() ? null : activeRuns.get(record.id());
      records.add(run == null ? record : run.live(record));
    }
    return records;
  }

  /**
   * Every stored 1 s interval of a run, oldest first; empty for an unknown run or one that has not
   * reported yet.
   */
  public List<IntervalSnapshot> series(long runId) {
    return runs.series(runId);
  }

  /**
   * At most {@code maxPoints} stored 1 s intervals of a run, oldest first, for a chart of the whole
   * run: every second when the run is no longer than that, else every k-th second counted back from
   * the newest (k the smallest step that fits), so the newest is always there. Skipped seconds are
   * left out, not merged into the kept ones: each kept point is one real second.
   */
  public List<IntervalSnapshot> seriesSampled(long runId, int maxPoints) {
    if (maxPoints < 1) {
      throw new IllegalArgumentException("maxPoints must be at least 1, not " + maxPoints);
    }
    return runs.seriesSampled(runId, maxPoints);
  }

  /**
   * At most {@code limit} stored 1 s intervals of a run from second {@code fromSecond} on, oldest
   * first, for an active run as for a finished one. An active run's row is stored on its own thread
   * a moment after its second ends, so the newest second may come in the next read.
   */
  public List<IntervalSnapshot> series(long runId, long fromSecond, int limit) {
    if (fromSecond < 0 || limit < 1) {
      throw new IllegalArgumentException(
          "fromSecond must be at least 0 and limit at least 1, not " + fromSecond + ", " + limit);
    }
    return runs.series(runId, fromSecond, limit);
  }

  /**
   * Marks a finished run as its plan's baseline, for baseline-relative thresholds and comparisons;
   * returns the run.
   *
   * @throws io.loadline.NotFoundException when the run does not exist
   * @throws io.loadline.ConflictException when it has not ended, has no figures, sent no requests
   *     or its plan was deleted
   */
  public RunRecord markBaseline(long runId) {
    RunRecord run = runs.find(runId).orElseThrow(() -> notFound(runId));
    if (!run.state().isTerminal() || run.summary() == null) {
      throw new ConflictException(
          "Run "
              + runId
              + " is "
              + run.state()
              + " without final figures; only a finished run"
              + " with figures can be a baseline.");
    }
    // A run that sent nothing has no latency to compare with; every threshold against it is void.
    if (run.summary().scenarios().stream().mapToLong(ScenarioSummary::requests).sum() == 0) {
      throw new ConflictException(
          "Run "
              + runId
              + " sent no requests, so it has no figures to compare with; mark a run that"
              + " measured requests as the baseline.");
    }
    if (!runs.setBaseline(run.planId(), runId)) {
      throw new ConflictException(
          "Plan "
              + run.planId()
              + " of run "
              + runId
              + " was deleted, so there is no plan to keep a baseline for; runs of a plan that"
              + " still exists can be a baseline.");
    }
    try (RunLogContext ignored = RunLogContext.of(runId)) {
      log.info("Run {} is now the baseline of plan {}", runId, run.planId());
    }
    return run;
  }

  /** The plan's baseline run id, if one is marked. */
  public Optional<Long> baselineRunId(long planId) {
    return runs.baselineRunId(planId);
  }

  /** The final per-step histograms of a finished run; empty for an unknown or unfinished run. */
  public RunHistograms histograms(long runId) {
    return runs.histograms(runId);
  }

  /**
   * Copies of a run's cumulative per-step histograms: so far for an active run, the stored final
   * ones once it has ended (empty for an unknown run, or an active one the engine has not started).
   */
  public RunHistograms liveHistograms(long runId) {
    ActiveRun run = activeRuns.get(runId);
    RunningTest test = run == null ? null : run.running;
    return test == null ? runs.histograms(runId) : test.cumulativeHistograms();
  }

  /** The plan source a run was started from, as it was then; empty for an unknown run. */
  public Optional<String> planSource(long runId) {
    return runs.planSource(runId);
  }

  /** The newest interval of an active run, for live views; empty once the run has ended. */
  public Optional<IntervalSnapshot> latestInterval(long runId) {
    ActiveRun run = activeRuns.get(runId);
    return run == null ? Optional.empty() : Optional.ofNullable(run.latestInterval);
  }

  /** The ids of the runs active in this process (PENDING or RUNNING), in no particular order. */
  public List<Long> activeRunIds() {
    return List.copyOf(activeRuns.keySet());
  }

  /** Whether {@link #close} has been called: new runs are refused. */
  public boolean isClosed() {
    synchronized (registration) {
      return closed;
    }
  }

  /** Adds a listener told of every interval and end of every run from now on. */
  public void addListener(RunListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Waits until the run has ended or the wait ran out, then returns it as it is. */
  public Optional<RunRecord> awaitEnd(long runId, Duration maxWait) throws InterruptedException {
    ActiveRun run = activeRuns.get(runId);
    if (run != null) {
      try {
        run.ended.get(saturatedNanos(maxWait), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        // The caller gets the run as it is, still active.
      } catch (ExecutionException e) {
        throw new IllegalStateException("The end of run " + runId + " is never exceptional", e);
      }
    }
    return find(runId);
  }

  /**
   * Stops every active run with reason {@code shutdown} and waits for them to end, at most their
   * graceful stop plus {@link #SHUTDOWN_MARGIN}. A run the engine has not ended by then is recorded
   * CANCELLED anyway, so that none stays RUNNING. Then waits for every thread of those runs to end,
   * within what is left of that wait (at least {@link #THREAD_JOIN_MARGIN}), so that the process
   * does not go on closing what a run's threads still use; a run whose threads outlive it is logged
   * at WARN. New runs are refused from the first call on. Idempotent; does not close the database.
   */
  @Override
  public void close() {
    List<ActiveRun> stopping;
    synchronized (registration) {
      if (closed) {
        return;
      }
      closed = true;
      stopping = List.copyOf(activeRuns.values());
    }
    log.info("Run service closing; stopping {} active run(s)", stopping.size());
    Duration longestGracefulStop = Duration.ZERO;
    for (ActiveRun run : stopping) {
      requestShutdownStop(run);
      if (run.gracefulStop.compareTo(longestGracefulStop) > 0) {
        longestGracefulStop = run.gracefulStop;
      }
    }
    Duration maxWait = saturatedPlus(longestGracefulStop, SHUTDOWN_MARGIN);
    long start = System.nanoTime();
    awaitOrForceEnd(stopping, maxWait);
    long leftNanos = saturatedNanos(maxWait) - (System.nanoTime() - start);
    awaitThreads(stopping, Duration.ofNanos(Math.max(leftNanos, THREAD_JOIN_MARGIN.toNanos())));
  }

  // ---- start ----

  private void refuseWhenClosed() {
    synchronized (registration) {
      if (closed) {
        throw new ConflictException("The server is shutting down; no new run can start.");
      }
    }
  }

  /** Inserts the PENDING row and makes the run visible to stop() and close() in one step. */
  private ActiveRun register(
      StoredPlan stored, Duration gracefulStop, ThresholdEvaluator thresholds) {
    synchronized (registration) {
      if (closed) {
        throw new ConflictException("The server is shutting down; no new run can start.");
      }
      long id = runs.insertPending(stored, Instant.now());
      ActiveRun run = new ActiveRun(id, gracefulStop, thresholds, this::storeInterval);
      activeRuns.put(id, run);
      return run;
    }
  }

  private void launch(ActiveRun run, CompiledPlan compiled) {
    // Start the engine; a failure to start ends the run in ERROR.
    RunningTest running;
    try {
      running = engine.start(compiled, snapshot -> onInterval(run, snapshot));
    } catch (RuntimeException e) {
      closeQuietly(compiled);
      endWithoutStart(run, e);
      return;
    }
    run.running = running;

    // Record RUNNING, then follow the engine to its end; the guard makes the order safe.
    try {
      runs.markRunning(run.id, running.startedAt());
      log.info("Run {} started", run.id);
    } finally {
      running.completion().whenComplete((result, failure) -> onCompletion(run, result, failure));
    }

    // A stop or shutdown that came while the engine was starting found nothing to stop yet.
    if (run.decision.get() != null) {
      running.stop();
    }
  }

  private void endWithoutStart(ActiveRun run, RuntimeException failure) {
    String message = messageOf(failure);
    log.warn("Run {} could not start: {}", run.id, message);
    Decision decision = run.decide(new Decision(RunState.ERROR, REASON_ERROR));
    RunEnding ending =
        new RunEnding(
            decision.state(), decision.stopReason(), null, Instant.now(), null, null, message);
    finish(run, ending);
  }

  // ---- while running ----

  /** On the engine's timer thread: keeps the newest snapshot and hands it to the run's thread. */
  private void onInterval(ActiveRun run, IntervalSnapshot snapshot) {
    run.latestInterval = snapshot;
    run.series.submit(snapshot);
  }

  /** On the run's series thread, in order: live thresholds, the run_series row, the listeners. */
  private void storeInterval(ActiveRun run, IntervalSnapshot snapshot) {
    try {
      checkThresholdsLive(run);
      runs.appendInterval(run.id, snapshot);
    } catch (RuntimeException e) {
      if (run.seriesFailureLogged.compareAndSet(false, true)) {
        log.warn(
            "Run {}: could not store interval {} ({}); the series may have gaps",
            run.id,
            snapshot.second(),
            e.toString());
      }
    }
    notifyListeners(run, listener -> listener.onInterval(run.id, snapshot));
  }

  /** Tells every listener; on a thread that carries the run's id in the MDC. */
  private void notifyListeners(ActiveRun run, java.util.function.Consumer<RunListener> event) {
    for (RunListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        log.warn("Run {}: a run listener failed ({}); the run goes on", run.id, e.toString());
      }
    }
  }

  /** Judges the thresholds on the live figures; an abort-on-fail breach ends the run ABORTED. */
  private void checkThresholdsLive(ActiveRun run) {
    RunningTest test = run.running;
    if (run.thresholds.isEmpty() || test == null || run.decision.get() != null) {
      return;
    }
    RunSummary summary = test.liveSummary();
    List<ThresholdResult> live = run.thresholds.evaluate(summary, test.cumulativeHistograms());
    run.liveThresholds = live;
    Optional<ThresholdResult> breach =
        run.thresholds.abortingBreach(live, summary.elapsedSeconds());
    if (breach.isEmpty()) {
      return;
    }
    Decision abort = new Decision(RunState.ABORTED, REASON_THRESHOLD);
    if (run.decision.compareAndSet(null, abort)) {
      ThresholdResult result = breach.get();
      log.info(
          "Run {} aborting: threshold '{}' on {} breached (observed {}{}, limit {}{})",
          run.id,
          result.threshold(),
          result.scopeLabel(),
          result.observed(),
          result.unit(),
          result.limit(),
          result.unit());
      run.requestEngineStop();
    }
  }

  /** The plan's thresholds, with its baseline run's figures for baseline-relative rules. */
  private ThresholdEvaluator thresholdEvaluator(StoredPlan stored, Plan plan) {
    if (plan.thresholds().isEmpty()) {
      return new ThresholdEvaluator(List.of(), ThresholdEvaluator.NO_BASELINE);
    }
    return new ThresholdEvaluator(plan.thresholds(), baselineOf(stored.id()));
  }

  /** The baseline of a plan's baseline-relative thresholds; none when it has no baseline run. */
  ThresholdEvaluator.Baseline baselineOf(long planId) {
    Optional<RunRecord> baseline = runs.baselineRunId(planId).flatMap(runs::find);
    if (baseline.isEmpty() || baseline.get().summary() == null) {
      return ThresholdEvaluator.NO_BASELINE;
    }
    return ThresholdEvaluator.Baseline.of(
        baseline.get().summary(), runs.histograms(baseline.get().id()));
  }

  // ---- end ----

  private void onCompletion(ActiveRun run, RunResult result, Throwable failure) {
    // The MDC covers the catch too: a try-with-resources closes it before its catch runs.
    try (RunLogContext ignored = RunLogContext.of(run.id)) {
      try {
        // The last snapshots (and their live threshold checks) come before the verdict.
        drainSeries(run);
        RunEnding ending =
            result != null ? endingOf(run, result) : endingOfEngineFailure(run, failure);
        finish(run, ending);
      } catch (RuntimeException e) {
        log.error("Run {}: could not record its end", run.id, e);
        release(run);
      }
    }
  }

  private RunEnding endingOf(ActiveRun run, RunResult result) {
    List<ThresholdResult> verdicts = run.thresholds.evaluate(result.summary(), result.histograms());
    boolean thresholdsPassed = ThresholdEvaluator.allPassed(verdicts);
    Decision byEngine =
        switch (result.endReason()) {
          case COMPLETED ->
              new Decision(thresholdsPassed ? RunState.PASSED : RunState.FAILED, REASON_COMPLETED);
          case ERROR -> new Decision(RunState.ERROR, REASON_ERROR);
          // The engine stops only when asked, and asking decides first; this is a fallback.
          case STOPPED -> new Decision(RunState.CANCELLED, REASON_STOPPED_BY_USER);
        };
    Decision decision = run.decide(byEngine);
    if (decision.state() != byEngine.state()) {
      log.info(
          "Run {}: the engine reported {}, but the run was already decided {} ({}); keeping that",
          run.id,
          result.endReason(),
          decision.state(),
          decision.stopReason());
    }
    Instant startedAt = result.startedAt() != null ? result.startedAt() : run.startedAt();
    Instant endedAt = result.endedAt() != null ? result.endedAt() : Instant.now();
    String error = result.endReason() == EndReason.ERROR ? result.errorMessage() : null;
    return new RunEnding(
        decision.state(),
        decision.stopReason(),
        startedAt,
        endedAt,
        durationMillis(startedAt, endedAt),
        result.summary(),
        error,
        verdicts,
        result.histograms());
  }

  private RunEnding endingOfEngineFailure(ActiveRun run, Throwable failure) {
    String message = messageOf(failure);
    log.error("Run {}: the engine failed instead of reporting an end", run.id, failure);
    Decision decision = run.decide(new Decision(RunState.ERROR, REASON_ERROR));
    Instant startedAt = run.startedAt();
    Instant endedAt = Instant.now();
    return new RunEnding(
        decision.state(),
        decision.stopReason(),
        startedAt,
        endedAt,
        durationMillis(startedAt, endedAt),
        run.liveSummaryOrNull(),
        message);
  }

  /**
   * Writes the terminal row (unless one is there already) after the run's series rows, then
   * releases the run's waiters.
   */
  private void finish(ActiveRun run, RunEnding ending) {
    try {
      drainSeries(run);
      if (runs.finish(run.id, ending)) {
        log.info(
            "Run {} ended {} ({}) after {} ms",
            run.id,
            ending.state(),
            ending.stopReason(),
            ending.durationMillis());
      } else {
        log.warn(
            "Run {} was already recorded as ended; the engine's later end ({}) is ignored",
            run.id,
            ending.state());
      }
    } finally {
      release(run);
    }
  }

  /** Waits for the run's queued snapshots to be stored and its series thread to end. */
  private void drainSeries(ActiveRun run) {
    try {
      if (!run.series.drain(SERIES_DRAIN_MAX_WAIT)) {
        log.warn(
            "Run {}: its interval rows were not all stored within {}; the rest are stored after"
                + " its end",
            run.id,
            SERIES_DRAIN_MAX_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("Run {}: interrupted while storing its last interval rows", run.id);
    }
  }

  /**
   * Tells the listeners of the end before the run leaves the active list and its waiters go on: a
   * caller of {@link #awaitEnd} then finds every listener told (the metrics show the run as
   * finished, the live pages have their end), and a scrape never misses a run that is neither
   * active nor finished yet.
   */
  private void release(ActiveRun run) {
    try {
      notifyListeners(run, listener -> listener.onEnded(run.id));
    } finally {
      activeRuns.remove(run.id, run);
      run.ended.complete(null);
    }
  }

  // ---- stop and shutdown ----

  private ActiveRun activeRun(long runId) {
    ActiveRun run = activeRuns.get(runId);
    if (run != null) {
      return run;
    }
    // register() commits the row before it publishes the run; wait for it to finish publishing.
    synchronized (registration) {
      return activeRuns.get(runId);
    }
  }

  private RuntimeException notActive(long runId) {
    RunRecord record = runs.find(runId).orElseThrow(() -> notFound(runId));
    if (record.state().isTerminal()) {
      return new ConflictException(
          "Run "
              + runId
              + " has already ended ("
              + record.state()
              + "); there is nothing to stop.");
    }
    return new ConflictException(
        "Run "
            + runId
            + " is "
            + record.state()
            + " in the database but is not running in this server; it will be marked"
            + " INTERRUPTED when the server restarts.");
  }

  private static NotFoundException notFound(long runId) {
    return new NotFoundException("Run " + runId + " does not exist; list the runs to find its id.");
  }

  private void requestShutdownStop(ActiveRun run) {
    try (RunLogContext ignored = RunLogContext.of(run.id)) {
      if (run.decision.compareAndSet(null, new Decision(RunState.CANCELLED, REASON_SHUTDOWN))) {
        log.info("Run {} stopping for shutdown", run.id);
        run.requestEngineStop();
      }
    }
  }

  private void awaitOrForceEnd(List<ActiveRun> stopping, Duration maxWait) {
    // Elapsed time against a budget, never an absolute deadline: a huge wait cannot overflow.
    long budgetNanos = saturatedNanos(maxWait);
    long start = System.nanoTime();
    boolean interrupted = false;
    for (ActiveRun run : stopping) {
      try {
        long remaining = Math.max(0, budgetNanos - (System.nanoTime() - start));
        run.ended.get(remaining, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        forceCancel(run, maxWait);
      } catch (InterruptedException e) {
        interrupted = true;
        forceCancel(run, maxWait);
      } catch (ExecutionException e) {
        throw new IllegalStateException("The end of run " + run.id + " is never exceptional", e);
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits, at most {@code maxWait} in all, for the threads of the runs to end. */
  private void awaitThreads(List<ActiveRun> stopped, Duration maxWait) {
    long budgetNanos = saturatedNanos(maxWait);
    long start = System.nanoTime();
    for (ActiveRun run : stopped) {
      RunningTest test = run.running;
      if (test == null) {
        continue;
      }
      try (RunLogContext ignored = RunLogContext.of(run.id)) {
        long leftNanos = Math.max(0, budgetNanos - (System.nanoTime() - start));
        if (!test.awaitThreadsEnded(Duration.ofNanos(leftNanos))) {
          log.warn(
              "Run {}: some of its threads had not ended {} after the run's end; they end with"
                  + " the process",
              run.id,
              maxWait);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Records a run that did not end in time as CANCELLED now, so that none stays RUNNING. */
  private void forceCancel(ActiveRun run, Duration waited) {
    try (RunLogContext ignored = RunLogContext.of(run.id)) {
      log.warn(
          "Run {} did not end within {} of the shutdown; recording it CANCELLED now",
          run.id,
          waited);
      Decision decision = run.decide(new Decision(RunState.CANCELLED, REASON_SHUTDOWN));
      Instant startedAt = run.startedAt();
      Instant endedAt = Instant.now();
      finish(
          run,
          new RunEnding(
              decision.state(),
              decision.stopReason(),
              startedAt,
              endedAt,
              durationMillis(startedAt, endedAt),
              run.liveSummaryOrNull(),
              null));
    }
  }

  // ---- helpers ----

  private Duration gracefulStopOf(Plan plan) {
    return plan.gracefulStop() != null
        ? plan.gracefulStop()
        : engine.settings().defaultGracefulStop();
  }

  /** The duration in nanoseconds, or {@code Long.MAX_VALUE} when it is too long for a long. */
  private static long saturatedNanos(Duration duration) {
    if (duration.isNegative()) {
      return 0;
    }
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** {@code a + b}, or the longest duration there is when the sum is too long. */
  private static Duration saturatedPlus(Duration a, Duration b) {
    try {
      return a.plus(b);
    } catch (ArithmeticException e) {
      return ChronoUnit.FOREVER.getDuration();
    }
  }

  private static Long durationMillis(Instant startedAt, Instant endedAt) {
    return startedAt == null ? null : Duration.between(startedAt, endedAt).toMillis();
  }

  private static String messageOf(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.toString();
  }

  private static void closeQuietly(CompiledPlan compiled) {
    try {
      compiled.close();
    } catch (RuntimeException e) {
      log.warn("Could not release a plan whose run did not start: {}", e.toString());
    }
  }

  @Override
  public String toString() {
    return "RunService[active=" + activeRuns.keySet() + (closed ? ", closed" : "") + "]";
  }

  /** How a run is to end; the first one set for a run is final. */
  private record Decision(RunState state, String stopReason) {}

  /** The in-memory side of one run between its PENDING row and its terminal row. */
  private static final class ActiveRun {

    final long id;
    final Duration gracefulStop;
    final AtomicReference<Decision> decision = new AtomicReference<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    final AtomicBoolean seriesFailureLogged = new AtomicBoolean();
    final ThresholdEvaluator thresholds;
    final SeriesWriter series;
    volatile RunningTest running;
    volatile IntervalSnapshot latestInterval;
    volatile List<ThresholdResult> liveThresholds = List.of();

    ActiveRun(
        long id,
        Duration gracefulStop,
        ThresholdEvaluator thresholds,
        java.util.function.BiConsumer<ActiveRun, IntervalSnapshot> storeInterval) {
      this.id = id;
      this.gracefulStop = gracefulStop;
      this.thresholds = thresholds;
      // Snapshots reach the writer only once the engine has started, after this constructor.
      this.series = new SeriesWriter(id, snapshot -> storeInterval.accept(this, snapshot));
    }

    /** Sets the decision unless one was made before; returns the one in force. */
    Decision decide(Decision proposed) {
      Decision earlier = decision.compareAndExchange(null, proposed);
      return earlier == null ? proposed : earlier;
    }

    /** Stops the engine's run, or leaves it to launch() when the engine has not started it yet. */
    void requestEngineStop() {
      RunningTest test = running;
      if (test != null) {
        test.stop();
      }
    }

    Instant startedAt() {
      RunningTest test = running;
      return test == null ? null : test.startedAt();
    }

    RunSummary liveSummaryOrNull() {
      RunningTest test = running;
      if (test == null) {
        return null;
      }
      try {
        return test.liveSummary();
      } catch (RuntimeException e) {
        return null;
      }
    }

    /** The stored record with the live summary and the stop reason the run will end with. */
    RunRecord live(RunRecord stored) {
      Decision decided = decision.get();
      return new RunRecord(
          stored.id(),
          stored.planId(),
          stored.planName(),
          stored.state(),
          decided == null ? stored.stopReason() : decided.stopReason(),
          stored.createdAt(),
          stored.startedAt(),
          stored.endedAt(),
          stored.durationMillis(),
          liveSummaryOrNull(),
          stored.error(),
          liveThresholds);
    }
  }
}
