package io.loadline.engine;

/**
 * Receives a run's live figures. Called from the engine's reporting thread, once a second; must
 * return quickly and must not throw (a thrown exception is logged once and ignored).
 */
public interface RunObserver {

  /** A run observer that ignores everything. */
  RunObserver NONE = snapshot -> {};

  void onInterval(IntervalSnapshot snapshot);
}
