package io.loadline.engine;

import io.loadline.spi.FeederExhaustedException;
import io.loadline.spi.UserSchedule;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The virtual users of one closed-model scenario: user {@code i} loops (starts an iteration, waits
 * for its last step to end, waits the think time, starts again) while {@code i} is below the
 * schedule's planned count; above it, the user finishes its current iteration and goes idle. The
 * scenario's scheduler thread calls {@link #adjustUsers} every few milliseconds to start idle users
 * the plan now wants.
 *
 * <p>No thread waits per user: an iteration is the engine's asynchronous step chain, and the think
 * time is a task on this scenario's one scheduled thread, which also starts each iteration. A user
 * costs an entry in an array and, while thinking, one scheduled task.
 *
 * <p>Latency of a closed-model iteration is measured from its actual start: a user that is late
 * because the target is slow is the closed model's nature, not a delay to hide, and there is no
 * other intended time. The scheduling lag is how late the user thread started an iteration after
 * its think time ended.
 *
 * <p>Known limits: the in-flight cap ({@code maxInFlight}) does not apply, since the users are the
 * cap; on a ramp-down, a user above the count is never interrupted, it ends its iteration (bounded
 * by the steps' timeouts). Thread-safe.
 */
final class ClosedScenarioRun {

  private static final Logger LOG = LoggerFactory.getLogger(ClosedScenarioRun.class);
  private static final int IDLE = 0;
  private static final int ACTIVE = 1;

  /** A user stopped for good by its exhausted feeder ({@code onExhausted: stop-user}). */
  private static final int STOPPED = 2;

  private static final long SHUTDOWN_SECONDS = 5;

  private final ScenarioRun scenario;
  private final UserSchedule schedule;
  private final long thinkTimeNanos;
  private final ScheduledThreadPoolExecutor userThread;
  private final AtomicIntegerArray userStates;
  private final AtomicInteger activeUsers = new AtomicInteger();
  private final AtomicInteger iteratedUsers = new AtomicInteger();
  private final AtomicIntegerArray iteratedOnce;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private volatile int plannedUsers;

  ClosedScenarioRun(ScenarioRun scenario, UserSchedule schedule, String threadName) {
    this.scenario = scenario;
    this.schedule = schedule;
    this.thinkTimeNanos = schedule.thinkTime().toNanos();
    this.userStates = new AtomicIntegerArray(schedule.maxUsers());
    this.iteratedOnce = new AtomicIntegerArray(schedule.maxUsers());
    this.userThread =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name(threadName).daemon(true).factory());
    userThread.setRemoveOnCancelPolicy(true);
    userThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
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

  /** Reads the planned count at {@code offset} and starts the idle users below it. */
  void adjustUsers(Duration offset) {
    int planned = Math.min(schedule.plannedUsers(offset), userStates.length());
    plannedUsers = planned;
    if (activeUsers.get() >= planned || stopped.get()) {
      return;
    }
    long wantedNanos = System.nanoTime();
    for (int user = 0; user < planned; user++) {
      if (userStates.compareAndSet(user, IDLE, ACTIVE)) {
        activeUsers.incrementAndGet();
        int starting = user;
        if (!submit(() -> runIteration(starting, wantedNanos), 0)) {
          return;
        }
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
    long intendedStartNanos = endedNanos + thinkTimeNanos;
    submit(() -> runIteration(user, intendedStartNanos), thinkTimeNanos);
  }

  /** Starts no more iterations and ends the user thread; in-flight iterations may still end. */
  void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    userThread.shutdownNow();
    try {
      if (!userThread.awaitTermination(SHUTDOWN_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("Scenario '{}': the users' thread did not end in time", scenario.name());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** On the user thread: starts the user's next iteration, unless it is no longer wanted. */
  private void runIteration(int user, long intendedStartNanos) {
    if (!wanted(user)) {
      retire(user);
      return;
    }
    long startNanos = System.nanoTime();
    scenario.recordSchedulingLag(Math.max(0, startNanos - intendedStartNanos));
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

  /** Schedules a task on the user thread; false (and nothing runs) once the scenario stopped. */
  private boolean submit(Runnable task, long delayNanos) {
    try {
      userThread.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
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
