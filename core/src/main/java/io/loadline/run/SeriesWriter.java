package io.loadline.run;

import io.loadline.engine.IntervalSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One run's own thread for the slow work on each interval snapshot (live thresholds, the run_series
 * row, the listeners), so that a slow database write never delays the engine's timer thread, which
 * also wakes think times and restarts closed-model users. Owned by {@link RunService}, one per
 * active run; thread-safe.
 *
 * <p>Snapshots are handled in the order they were given, one at a time. The queue holds at most
 * {@link #QUEUE_CAPACITY} snapshots (ten minutes of a run's seconds): when it is full, the engine's
 * timer thread waits for room rather than losing a row, and this is logged once at WARN, because
 * the run's timing then suffers. {@link #drain} ends the thread after the queued snapshots are
 * handled; the run's end waits for it, so its terminal row comes after its last series row.
 */
final class SeriesWriter {

  /** How many snapshots may wait before the engine's timer thread is made to wait for room. */
  static final int QUEUE_CAPACITY = 600;

  private static final Logger log = LoggerFactory.getLogger(SeriesWriter.class);

  /** Put last by {@link #drain}: the thread ends when it takes it. */
  private static final IntervalSnapshot END = new IntervalSnapshot(-1, Instant.EPOCH, List.of());

  private final long runId;
  private final Consumer<IntervalSnapshot> handler;
  private final BlockingQueue<IntervalSnapshot> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
  private final Thread thread;
  private volatile boolean draining;
  private volatile boolean fullLogged;

  /** The thread's name, so that a test can tell whether it is still alive. */
  static String threadName(long runId) {
    return "loadline-run-" + runId + "-series";
  }

  /** Starts the run's thread, which carries the run id in the MDC. */
  SeriesWriter(long runId, Consumer<IntervalSnapshot> handler) {
    this.runId = runId;
    this.handler = handler;
    this.thread = Thread.ofPlatform().name(threadName(runId)).daemon(true).start(this::work);
  }

  /**
   * Queues the snapshot for the run's thread; waits only when {@link #QUEUE_CAPACITY} snapshots are
   * already waiting. A snapshot given after {@link #drain} is ignored (the run has ended).
   */
  void submit(IntervalSnapshot snapshot) {
    if (!draining && queue.offer(snapshot)) {
      return;
    }
    // Rare paths; the engine's timer thread carries the run id already, but a caller may not.
    try (RunLogContext ignored = RunLogContext.of(runId)) {
      if (draining) {
        log.debug("Run {}: interval {} came after the end; ignored", runId, snapshot.second());
        return;
      }
      warnFullOnce();
      queue.put(snapshot);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("Run {}: interrupted while waiting to queue interval {}", runId, snapshot.second());
    }
  }

  /**
   * Ends the thread once every snapshot queued before is handled, waiting at most {@code maxWait};
   * returns whether it ended in time (if not, it goes on with the rest after the run's end).
   * Idempotent.
   */
  boolean drain(Duration maxWait) throws InterruptedException {
    draining = true;
    if (!thread.isAlive()) {
      return true;
    }
    long start = System.nanoTime();
    if (!queue.offer(END, maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    long leftNanos = maxWait.toNanos() - (System.nanoTime() - start);
    thread.join(Duration.ofNanos(Math.max(1, leftNanos)));
    return !thread.isAlive();
  }

  private void work() {
    MDC.put(RunService.MDC_RUN_ID, Long.toString(runId));
    try {
      while (true) {
        IntervalSnapshot snapshot = queue.take();
        if (snapshot == END) {
          return;
        }
        handle(snapshot);
      }
    } catch (InterruptedException e) {
      log.warn("Run {}: the series thread was interrupted; later intervals go unstored", runId);
    } finally {
      MDC.clear();
    }
  }

  private void handle(IntervalSnapshot snapshot) {
    try {
      handler.accept(snapshot);
    } catch (RuntimeException e) {
      // The handler logs its own failures once; this only keeps the thread alive for the next row.
      log.debug("Run {}: interval {} failed: {}", runId, snapshot.second(), e.toString());
    }
  }

  private void warnFullOnce() {
    if (!fullLogged) {
      fullLogged = true;
      log.warn(
          "Run {}: {} interval snapshots are waiting to be stored (the database is slow); the"
              + " engine's timer waits for room, so think times and the run's timing may slip",
          runId,
          QUEUE_CAPACITY);
    }
  }

  @Override
  public String toString() {
    return "SeriesWriter[run " + runId + ", queued " + queue.size() + "]";
  }
}
