package io.loadline.web.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs the server's shutdown once, on SIGTERM or SIGINT (Ctrl-C), and tells {@code serve} how it
 * ended: exit status 0 after a shutdown that completed, {@link Main#EXIT_ERROR} after one that
 * threw (the database could not be closed, so the runs' final state may not be saved). The signals
 * are handled directly, rather than by a JVM shutdown hook alone, because a JVM ended by a signal
 * exits 143 or 130 whatever its hooks did; a shutdown hook still covers every other way the JVM may
 * end. Thread-safe; the shutdown runs at most once and a second signal waits for the first to
 * finish.
 */
final class GracefulShutdown {

  private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

  private final Runnable shutdown;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile Outcome outcome;

  GracefulShutdown(Runnable shutdown) {
    this.shutdown = shutdown;
  }

  /** Handles SIGTERM and SIGINT, and adds the shutdown hook. */
  GracefulShutdown install() {
    handle("TERM");
    handle("INT");
    Runtime.getRuntime().addShutdownHook(new Thread(this::runOnce, "loadline-shutdown"));
    return this;
  }

  /** Waits until the shutdown has run to its end, and says how it ended. */
  Outcome awaitShutdown() throws InterruptedException {
    finished.await();
    return outcome;
  }

  /** Runs the shutdown now, as a signal does, unless it has already run; waits for its end. */
  void shutDownNow() {
    runOnce();
  }

  private void handle(String signalName) {
    try {
      Signal.handle(
          new Signal(signalName),
          signal -> {
            LOG.info("SIG{} received; shutting down gracefully", signalName);
            runOnce();
          });
    } catch (IllegalArgumentException unavailable) {
      // The JVM keeps this signal for itself (-Xrs, or an OS without it): the hook still runs.
      LOG.debug("Cannot handle SIG{} ({}); relying on the shutdown hook", signalName, unavailable);
    }
  }

  private void runOnce() {
    if (!started.compareAndSet(false, true)) {
      awaitQuietly();
      return;
    }
    try {
      shutdown.run();
      outcome = new Outcome(null);
    } catch (RuntimeException failure) {
      LOG.error("The shutdown did not complete; the runs' final state may not be saved", failure);
      outcome = new Outcome(failure);
    } finally {
      finished.countDown();
    }
  }

  private void awaitQuietly() {
    try {
      finished.await();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * How the shutdown ended.
   *
   * @param failure what made it fail, or null when it completed
   */
  record Outcome(RuntimeException failure) {

    boolean completed() {
      return failure == null;
    }

    /** {@code serve}'s exit status after this shutdown. */
    int exitCode() {
      return completed() ? Main.EXIT_OK : Main.EXIT_ERROR;
    }

    /** What {@code serve} tells its user when the shutdown failed. */
    String problem() {
      return completed()
          ? "none"
          : "the shutdown failed ("
              + failure.getMessage()
              + "); the runs' final state may not be saved in the database. See the log above.";
    }
  }
}
