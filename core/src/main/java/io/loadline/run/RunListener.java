package io.loadline.run;

import io.loadline.engine.IntervalSnapshot;

/**
 * Hears about active runs as they go: each 1 s interval, and the end. Registered with {@link
 * RunService#addListener}; used by live views and metrics exporters that push rather than poll.
 * Called on the run's own series thread, in order and after the row is stored (intervals), and on
 * the thread that ends the run (end), after every interval of the run: implementations must return
 * quickly, must be thread-safe, and should not throw (a thrown exception is logged and ignored,
 * never stops the run).
 */
public interface RunListener {

  /** A run reported its interval {@code snapshot}; it is already stored. */
  default void onInterval(long runId, IntervalSnapshot snapshot) {}

  /**
   * A run has ended and its terminal row is written (or it could not be written). Told while the
   * run is still among the active ones, before {@link RunService#awaitEnd} returns for it.
   */
  default void onEnded(long runId) {}
}
