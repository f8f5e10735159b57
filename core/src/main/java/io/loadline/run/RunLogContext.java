package io.loadline.run;

import org.slf4j.MDC;

/**
 * Puts a run's id in the MDC for the lines logged about it, and on {@link #close} puts back what
 * the thread had before (unlike {@link MDC#putCloseable}, which removes the key, and so would strip
 * the id from an engine thread that carried it already). Confined to the thread that opened it.
 */
final class RunLogContext implements AutoCloseable {

  private final String previous;

  private RunLogContext(long runId) {
    this.previous = MDC.get(RunService.MDC_RUN_ID);
    MDC.put(RunService.MDC_RUN_ID, Long.toString(runId));
  }

  /** The run's id in the MDC until {@link #close}. */
  static RunLogContext of(long runId) {
    return new RunLogContext(runId);
  }

  @Override
  public void close() {
    if (previous == null) {
      MDC.remove(RunService.MDC_RUN_ID);
    } else {
      MDC.put(RunService.MDC_RUN_ID, previous);
    }
  }
}
