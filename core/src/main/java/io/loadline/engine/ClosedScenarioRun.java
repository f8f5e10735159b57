package io.loadline.engine;

import io.loadline.spi.FeederExhaustedException;
import io.loadline.spi.UserSchedule;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The virtual users of one closed-model scenario: user {@code i} loops (starts an iteration, waits
 * for its last step to end, waits the think time, starts again) while {@code i} is below the
 * schedule's planned count; above it, the user finishes its current iteration and goes idle. The
 * scenario's scheduler thread calls {@link #adjustUsers} every few milliseconds to start idle users
 * the plan now wants.
 *
 * <p>No thread waits per user: an iteration is the engine's asynchronous step chain. Without a
 * think time, a user's next iteration starts at once on the thread that ended the last one (for
 * HTTP, the selector thread that read the response), as an event loop would: a hand-off to another
 * thread per iteration cost a thread wake-up each and measured at under half the throughput. After
 * a think time, or when an iteration ended inside its own start (a protocol that fails a request
 * within {@code execute}), the next one is a task on the run's timers instead, which keeps the
 * stack shallow. A user costs an entry in an array and, between iterations, at most one scheduled
 * task.
 *
 * <p>Latency of a closed-model iteration is measured from its actual start: a user that is late
 * because the target is slow is the closed model's nature, not a delay to hide, and there is no
 * other intended time. The scheduling lag is how late an iteration started after its think time
 * ended.
 *
 * <p>On a ramp-down, a user above the count finishes its current iteration within the plan's
 * graceful stop, counted from when the scheduler first saw it above the count; past that, the
 * scheduler abandons the iteration (see {@link ScenarioRun#abandon}): its request in flight counts
 * as interrupted, as at the run's end, and is cancelled at the protocol, and a think step it was
 * paused in is cancelled. A user above the count that is waiting out its think time between two
 * iterations has nothing to finish: the scheduler cancels the wait and retires it as soon as it
 * sees it there. Either way the user leaves the active users at once, as k6's ramping-vus do.
 *
 * <p>Known limit: the in-flight cap ({@code maxInFlight}) does not apply, since the users are the
 * cap. Thread-safe.
 */
final class ClosedScenarioRun {

  private static final int IDLE = 0;
  private static final int ACTIVE = 1;

  /** A user stopped for good by its exhausted feeder ({@code onExhausted: stop-user}). */
  private static final int STOPPED = 2;

  private static final long NO_DEADLINE = Long.MIN_VALUE;

  private final ScenarioRun scenario;
  private final EngineRun run;
  private final UserSchedule schedule;
  private final long thinkTimeNanos;
  private final AtomicIntegerArray userStates;
  private final AtomicInteger activeUsers = new AtomicInteger();
  private final AtomicInteger iteratedUsers = new AtomicInteger();
  private final AtomicIntegerArray iteratedOnce;
  private final AtomicBoolean stopped = new AtomicBoolean();

  /** Whether some user stopped for good: the feeder is exhausted under stop-user. */
  private final AtomicBoolean someStoppedForGood = new AtomicBoolean();

  /** Each user's latest iteration, for abandoning it on a ramp-down. */
  private final AtomicReferenceArray<Iteration> iterations;

  /**
   * Each user's wait between two iterations, or null. Whichever takes it out first owns it: its
   * timer, which starts the next iteration, or a ramp-down, which retires the user; never both.
   */
  private final AtomicReferenceArray<PendingRestart> restarts;

  /**
   * Scheduler thread only: when each user above the planned count must have ended its iteration
   * ({@link #NO_DEADLINE} while it is wanted or idle).
   */
  private final long[] retireDeadlineNanos;

  private final long gracefulStopNanos;

  /** Scheduler thread only: the planned count at the last {@link #adjustUsers}. */
  private int previousPlanned;

  /** Set on a thread while it starts an iteration, so an iteration ending inside it is noticed. */
  private final ThreadLocal<boolean[]> starting = ThreadLocal.withInitial(() -> new boolean[1]);

  private volatile int plannedUsers;

  ClosedScenarioRun(ScenarioRun scenario, EngineRun run, UserSchedule schedule) {
    this.scenario = scenario;
    this.run = run;
    this.schedule = schedule;
    this.thinkTimeNanos = SaturatingNanos.of(schedule.thinkTime());
    this.userStates = new AtomicIntegerArray(schedule.maxUsers());
    this.iteratedOnce = new AtomicIntegerArray(schedule.maxUsers());
    this.iterations = new AtomicReferenceArray<>(schedule.maxUsers());
    this.restarts = new AtomicReferenceArray<>(schedule.maxUsers());
    this.retireDeadlineNanos = new long[schedule.maxUsers()];
    Arrays.fill(retireDeadlineNanos, NO_DEADLINE);
    this.gracefulStopNanos = SaturatingNanos.of(run.gracefulStop());
  }

  /** How many users the plan wants now. */
  int plannedUsers() {
    return plannedUsers;
  }

  /** How many users are looping (in an iteration or thinking). */
  int activeUsers() {
    return activeUsers.get();
  }

  /** How many distinct users have ended at least one iteration. */
  int usersThatIterated() {
    return iteratedUsers.get();
  }

  /** The largest number of users the schedule plans. */
  int maxUsers() {
    return schedule.maxUsers();
  }

  /**
   * Reads the planned count at {@code offset} and starts the idle users below it, on this (the
   * scheduler's) thread.
   */
  void adjustUsers(Duration offset) {
    int planned = Math.min(schedule.plannedUsers(offset), userStates.length());
    // Users wanted again are no longer retiring.
    Arrays.fill(retireDeadlineNanos, Math.min(previousPlanned, planned), planned, NO_DEADLINE);
    previousPlanned = planned;
    plannedUsers = planned;
    long nowNanos = System.nanoTime();
    if (activeUsers.get() > planned) {
      bringRetiringUsersDown(planned, nowNanos);
    }
    if (activeUsers.get() >= planned || stopped.get()) {
      return;
    }
    long wantedNanos = nowNanos;
    for (int user = 0; user < planned && !stopped.get(); user++) {
      if (userStates.compareAndSet(user, IDLE, ACTIVE)) {
        activeUsers.incrementAndGet();
        runIteration(user, wantedNanos);
      }
    }
  }

  /**
   * Retires each active user above the planned count that is between two iterations at once, gives
   * the others the graceful stop to end their iteration, from the first time each is seen above the
   * count, and abandons the iterations that outlived it.
   */
  private void bringRetiringUsersDown(int planned, long nowNanos) {
    for (int user = planned; user < userStates.length(); user++) {
      if (userStates.get(user) != ACTIVE) {
        retireDeadlineNanos[user] = NO_DEADLINE;
      } else if (cancelRestart(user)) {
        retireDeadlineNanos[user] = NO_DEADLINE;
        retire(user);
      } else if (retireDeadlineNanos[user] == NO_DEADLINE) {
        retireDeadlineNanos[user] = SaturatingNanos.add(nowNanos, gracefulStopNanos);
      } else if (nowNanos >= retireDeadlineNanos[user]) {
        abandonIteration(user);
      }
    }
  }

  /** Abandons the user's unfinished iteration and retires it; nothing when it is between two. */
  private void abandonIteration(int user) {
    Iteration iteration = iterations.get(user);
    if (iteration != null && scenario.abandon(iteration)) {
      iterations.compareAndSet(user, iteration, null); // let its variables and cookies go
      retireDeadlineNanos[user] = NO_DEADLINE;
      retire(user);
    }
  }

  /**
   * Takes the user's wait between two iterations from its timer and cancels it; false when the user
   * is not waiting, or the timer has taken the wait first (it then starts or retires the user).
   */
  private boolean cancelRestart(int user) {
    PendingRestart restart = restarts.get(user);
    if (restart == null || !restarts.compareAndSet(user, restart, null)) {
      return false;
    }
    restart.cancelTimer();
    return true;
  }

  /** Notes the user's new iteration, before its first step starts. */
  void track(int user, Iteration iteration) {
    iterations.set(user, iteration);
  }

  /** A user's iteration ended (from the thread that ended its last step). */
  void onIterationEnded(int user, long endedNanos) {
    if (iteratedOnce.compareAndSet(user, 0, 1)) {
      iteratedUsers.incrementAndGet();
    }
    if (!wanted(user)) {
      retire(user);
      return;
    }
    long intendedStartNanos = SaturatingNanos.add(endedNanos, thinkTimeNanos);
    if (thinkTimeNanos <= 0 && !starting.get()[0]) {
      // On the thread that ended the iteration, which is inside the run's completion section.
      runIteration(user, intendedStartNanos);
      return;
    }
    // Published before the timer exists, so that a ramp-down can take the wait from then on.
    PendingRestart restart = new PendingRestart();
    restarts.set(user, restart);
    try {
      restart.setTimer(
          run.timers()
              .schedule(
                  () -> restartOnTimer(user, restart, intendedStartNanos),
                  Math.max(0, thinkTimeNanos),
                  TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      if (restarts.compareAndSet(user, restart, null)) {
        retire(user); // the run is ending
      }
    }
  }

  /** Starts no more iterations; in-flight iterations may still end. */
  void stop() {
    stopped.set(true);
  }

  /** On the run's timer: the think time is over; counted like a request end, see EngineRun. */
  private void restartOnTimer(int user, PendingRestart restart, long intendedStartNanos) {
    if (!restarts.compareAndSet(user, restart, null)) {
      return; // a ramp-down retired the user during its wait
    }
    if (!run.enterCompletion()) {
      return; // the run abandoned what was in flight
    }
    try {
      runIteration(user, intendedStartNanos);
    } finally {
      run.exitCompletion();
    }
  }

  /** Starts the user's next iteration, unless it is no longer wanted. */
  private void runIteration(int user, long intendedStartNanos) {
    if (!wanted(user)) {
      retire(user);
      return;
    }
    long startNanos = System.nanoTime();
    scenario.recordSchedulingLag(Math.max(0, startNanos - intendedStartNanos));
    boolean[] startingHere = starting.get();
    boolean outer = !startingHere[0];
    startingHere[0] = true;
    try {
      scenario.startIteration(startNanos, user);
    } catch (FeederExhaustedException e) {
      if (scenario.stopsOnlyTheUser(e)) {
        stopForGood(user);
      } else {
        retire(user);
        scenario.failRun(e);
      }
    } catch (RuntimeException e) {
      retire(user);
      scenario.failRun(e);
    } finally {
      if (outer) {
        startingHere[0] = false;
      }
    }
  }

  /** The user iterates no more in this run: {@link #adjustUsers} never starts it again. */
  private void stopForGood(int user) {
    someStoppedForGood.set(true);
    if (userStates.compareAndSet(user, ACTIVE, STOPPED)) {
      activeUsers.decrementAndGet();
    }
  }

  /**
   * Whether the scenario has nothing left to do: its feeder ran out under stop-user and no user is
   * active (none in an iteration or its think time). A user started later would stop at its first
   * draw, so the scenario ends here, as JMeter's test ends when its last thread stops.
   */
  boolean feederExhaustedAndIdle() {
    return someStoppedForGood.get() && activeUsers.get() == 0;
  }

  private boolean wanted(int user) {
    return !stopped.get() && user < plannedUsers;
  }

  private void retire(int user) {
    if (userStates.compareAndSet(user, ACTIVE, IDLE)) {
      activeUsers.decrementAndGet();
    }
  }

  /** One user's wait between two iterations: the timer that ends it, once it is scheduled. */
  private static final class PendingRestart {

    private volatile Future<?> timer;
    private volatile boolean cancelled;

    void setTimer(Future<?> scheduled) {
      timer = scheduled;
      if (cancelled) {
        scheduled.cancel(false);
      }
    }

    /**
     * Cancels the timer, now or as soon as it is set; its task would find the wait taken anyway.
     */
    void cancelTimer() {
      cancelled = true;
      Future<?> scheduled = timer;
      if (scheduled != null) {
        scheduled.cancel(false);
      }
    }
  }

  @Override
  public String toString() {
    return "ClosedScenarioRun["
        + scenario.name()
        + ", planned="
        + plannedUsers
        + ", active="
        + activeUsers.get()
        + "]";
  }
}
