package io.loadline.engine;

import io.loadline.spi.Exchange;
import io.loadline.spi.StepResult;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * The engine's side of one request: it takes the timestamps and lets exactly one ending through,
 * whichever comes first of the protocol's completion and the engine's safety timer. Thread-safe.
 */
final class StepExchange implements Exchange {

  private static final long NOT_SENT = Long.MIN_VALUE;
  private static final VarHandle ENDED;
  private static final VarHandle CANCEL;

  /** In {@link #cancel}, once the engine gave the exchange up: a cancel registered later runs. */
  private static final Runnable GIVEN_UP = () -> {};

  /**
   * In {@link #cancel}, once the exchange ended otherwise: the protocol's cancel is let go, since
   * it holds what the request held (for HTTP, the whole flight and its kept body), and the
   * iteration keeps its last exchange while its user thinks.
   */
  private static final Runnable NOT_NEEDED = () -> {};

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      ENDED = lookup.findVarHandle(StepExchange.class, "ended", int.class);
      CANCEL = lookup.findVarHandle(StepExchange.class, "cancel", Runnable.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ScenarioRun scenario;
  private final int stepIndex;
  private final Iteration iteration;
  private final boolean responseBodyWanted;
  private final long intendedStartNanos;
  private final Duration timeout;
  private volatile long sentNanos = NOT_SENT;
  private volatile ScheduledFuture<?> safetyTimer;

  @SuppressWarnings("unused") // written through ENDED
  private volatile int ended;

  /**
   * The protocol's way to cancel the request, {@link #GIVEN_UP}, {@link #NOT_NEEDED}, or null
   * before any.
   */
  @SuppressWarnings("unused") // written through CANCEL
  private volatile Runnable cancel;

  StepExchange(
      ScenarioRun scenario,
      int stepIndex,
      Iteration iteration,
      long intendedStartNanos,
      Duration timeout,
      boolean responseBodyWanted) {
    this.scenario = scenario;
    this.stepIndex = stepIndex;
    this.iteration = iteration;
    this.responseBodyWanted = responseBodyWanted;
    this.intendedStartNanos = intendedStartNanos;
    this.timeout = timeout;
  }

  @Override
  public Duration timeout() {
    return timeout;
  }

  @Override
  public boolean responseBodyWanted() {
    return responseBodyWanted;
  }

  @Override
  public void sent() {
    if (sentNanos == NOT_SENT) {
      sentNanos = System.nanoTime();
    }
  }

  @Override
  public void complete(StepResult result) {
    if (result == null || !tryEnd()) {
      return;
    }
    cancel = NOT_NEEDED;
    long endedNanos = System.nanoTime();
    ScheduledFuture<?> timer = safetyTimer;
    if (timer != null) {
      timer.cancel(false);
    }
    // The protocol may call back on a thread of its own: give it the run's MDC (the run id).
    boolean contextEntered = scenario.run().enterContext();
    try {
      scenario.onStepEnded(this, result, endedNanos);
    } finally {
      if (contextEntered) {
        scenario.run().leaveContext();
      }
    }
  }

  /** Ends the exchange as a timeout when the protocol has not ended it; from the timer thread. */
  void expire() {
    if (tryEnd()) {
      cancel = NOT_NEEDED;
      scenario.onSafetyTimeout(this, System.nanoTime());
    }
  }

  @Override
  public Optional<String> targetRefusal(URI target) {
    return scenario.run().targetGuard().refusal(target);
  }

  @Override
  public void onCancel(Runnable protocolCancel) {
    if (protocolCancel != null && !CANCEL.compareAndSet(this, null, protocolCancel)) {
      if (cancel == GIVEN_UP) {
        runCancel(protocolCancel); // given up before the protocol could say how to cancel
      }
    }
  }

  /**
   * Ends the exchange as interrupted, its iteration having been abandoned, and cancels the request
   * at the protocol when it said how; true when it was still in flight (the protocol's later
   * completion is then ignored), false when it had ended.
   */
  boolean abandon() {
    if (!tryEnd()) {
      return false;
    }
    ScheduledFuture<?> timer = safetyTimer;
    if (timer != null) {
      timer.cancel(false);
    }
    Runnable protocolCancel = (Runnable) CANCEL.getAndSet(this, GIVEN_UP);
    if (protocolCancel != null) {
      runCancel(protocolCancel);
    }
    return true;
  }

  /** Runs the protocol's cancel; its failure only leaves the request to end or time out. */
  private void runCancel(Runnable protocolCancel) {
    try {
      protocolCancel.run();
    } catch (RuntimeException e) {
      scenario.onCancelFailed(e);
    }
  }

  void armSafetyTimer(ScheduledFuture<?> timer) {
    safetyTimer = timer;
  }

  int stepIndex() {
    return stepIndex;
  }

  /** The closed-model user running this iteration, or {@link ScenarioRun#NO_USER}. */
  int user() {
    return iteration.user();
  }

  Iteration iteration() {
    return iteration;
  }

  long intendedStartNanos() {
    return intendedStartNanos;
  }

  /** From the send to {@code endedNanos}, or -1 when the protocol never reported a send. */
  long serviceTimeNanos(long endedNanos) {
    long sent = sentNanos;
    return sent == NOT_SENT ? -1 : Math.max(0, endedNanos - sent);
  }

  private boolean tryEnd() {
    return ENDED.compareAndSet(this, 0, 1);
  }
}
