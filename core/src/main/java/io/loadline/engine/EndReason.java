package io.loadline.engine;

/** Why the engine ended a run. */
public enum EndReason {
  /** Every scenario's schedule ran to its end. */
  COMPLETED,
  /** {@link RunningTest#stop()} was called. */
  STOPPED,
  /** The engine could not go on (a protocol failed to start, an exhausted feeder set to stop). */
  ERROR
}
