package io.loadline.run;

/**
 * The states of a run. {@code PENDING -> RUNNING -> one terminal state}; a terminal state is
 * written once and never overwritten.
 */
public enum RunState {
  PENDING,
  RUNNING,
  /** Ran to its end with no threshold breached. */
  PASSED,
  /** Thresholds were breached. */
  FAILED,
  /** Stopped by a user or by a server shutdown. */
  CANCELLED,
  /** Stopped early by a threshold with abort-on-fail. */
  ABORTED,
  /** Could not run or could not go on. */
  ERROR,
  /** Found RUNNING or PENDING at start-up: the process that ran it had gone. */
  INTERRUPTED;

  public boolean isTerminal() {
    return this != PENDING && this != RUNNING;
  }
}
