package io.loadline.web.cli;

import io.loadline.engine.RunningTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * How {@code loadline run} survives Ctrl-C: SIGINT and SIGTERM stop the run gracefully and let the
 * main thread print the partial summary, reports and JUnit file, then exit 130. The signals are
 * handled directly because a JVM ended by a signal runs its hooks and exits at once, before the
 * main thread has printed anything. Every other way the JVM may end (SIGHUP, a signal the JVM keeps
 * for itself) still runs a shutdown hook that stops the run and waits, bounded, for the output. A
 * second signal exits at once, without the summary. Thread-safe; {@link #close} restores the
 * previous signal handlers.
 */
final class RunInterruption implements AutoCloseable {

  /** Added to the run's graceful stop: time to write the summary, reports and JUnit file. */
  static final Duration OUTPUT_MARGIN = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(RunInterruption.class);
  private static final List<String> SIGNALS = List.of("INT", "TERM");

  private final RunningTest running;
  private final Duration outputWait;
  private final CountDownLatch outputWritten = new CountDownLatch(1);
  private final List<Signal> handled = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();
  private final Thread hook;
  private final AtomicInteger signals = new AtomicInteger();

  private RunInterruption(RunningTest running, Duration gracefulStop) {
    this.running = running;
    this.outputWait = (gracefulStop == null ? Duration.ZERO : gracefulStop).plus(OUTPUT_MARGIN);
    this.hook = new Thread(this::stopAndAwaitOutput, "loadline-run-stop");
  }

  /** Handles SIGINT and SIGTERM and adds the shutdown hook, for the run's whole life. */
  static RunInterruption install(RunningTest running, Duration gracefulStop) {
    RunInterruption interruption = new RunInterruption(running, gracefulStop);
    for (String name : SIGNALS) {
      interruption.handle(name);
    }
    Runtime.getRuntime().addShutdownHook(interruption.hook);
    return interruption;
  }

  /**
   * The shutdown hook's work: stop the run, then wait until the main thread has written its output
   * or the wait runs out; true when the output was written.
   */
  private boolean stopAndAwaitOutput() {
    running.stop();
    try {
      return outputWritten.await(outputWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The output is written (or will not be): releases a waiting hook and restores the signals. */
  @Override
  public void close() {
    outputWritten.countDown();
    for (int index = 0; index < handled.size(); index++) {
      Signal.handle(handled.get(index), previous.get(index));
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting and the hook is running; it returns now that the output is written.
    }
  }

  private void onSignal(String name) {
    if (signals.incrementAndGet() > 1) {
      // A second Ctrl-C means "now": no graceful stop, no summary.
      LOG.warn("SIG{} received again; exiting at once", name);
      Runtime.getRuntime().halt(Main.EXIT_INTERRUPTED);
    }
    LOG.info("SIG{} received; stopping the run gracefully (again to exit at once)", name);
    running.stop();
  }

  private void handle(String name) {
    try {
      Signal signal = new Signal(name);
      SignalHandler before =
          Signal.handle(
              signal,
              received -> {
                onSignal(name);
              });
      handled.add(signal);
      previous.add(before);
    } catch (IllegalArgumentException unavailable) {
      // The JVM keeps this signal for itself (-Xrs, or an OS without it): the hook still runs.
      LOG.debug("Cannot handle SIG{} ({}); relying on the shutdown hook", name, unavailable);
    }
  }
}
