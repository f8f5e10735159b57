package io.loadline.engine;

import io.loadline.spi.FeederExhaustedException;
import io.loadline.spi.UserSchedule;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

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
 * <p>Known limits: the in-flight cap ({@code maxInFlight}) does not apply, since the users are the
 * cap; on a ramp-down, a user above the count is never interrupted, it ends its iteration (bounded
 * by the steps' timeouts). Thread-safe.
 */
final class ClosedScenarioRun {

  private static final int IDLE = 0;
  private static final int ACTIVE = 1;

  /** A user stopped for good by its exhausted feeder ({@code onExhausted: stop-user}). */
  private static final int STOPPED = 2;

  private final ScenarioRun scenario;
  private final EngineRun run;
  private final UserSchedule schedule;
  private final long thinkTimeNanos;
  private final AtomicIntegerArray userStates;
  private final AtomicInteger activeUsers = new AtomicInteger();
  private final AtomicInteger iteratedUsers = new AtomicInteger();
  private final AtomicIntegerArray iteratedOnce;
  private final AtomicBoolean stopped = new AtomicBoolean();

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
    plannedUsers = planned;
    if (activeUsers.get() >= planned || stopped.get()) {
      return;
    }
    long wantedNanos = System.nanoTime();
    for (int user = 0; user < planned && !stopped.get(); user++) {
      if (userStates.compareAndSet(user, IDLE, ACTIVE)) {
        activeUsers.incrementAndGet();
        runIteration(user, wantedNanos);
      }
    }
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
    try {
      run.timers()
          .schedule(
              () -> restartOnTimer(user, intendedStartNanos),
              Math.max(0, thinkTimeNanos),
              TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      retire(user); // the run is ending
    }
  }

  /** Starts no more iterations; in-flight iterations may still end. */
  void stop() {
    stopped.set(true);
  }

  /** On the run's timer: the think time is over; counted like a request end, see EngineRun. */
  private void restartOnTimer(int user, long intendedStartNanos) {
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
    if (userStates.compareAndSet(user, ACTIVE, STOPPED)) {
      activeUsers.decrementAndGet();
    }
  }

  private boolean wanted(int user) {
    return !stopped.get() && user < plannedUsers;
  }

  private void retire(int user) {
    if (userStates.compareAndSet(user, ACTIVE, IDLE)) {
      activeUsers.decrementAndGet();
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
