package io.loadline.run;

import io.loadline.engine.RunSummary;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything written when a run reaches its terminal state, in one update. Immutable.
 *
 * @param startedAt when the engine started the run, or null when it never started
 * @param durationMillis from start to end, or null when it never started
 * @param summary the final figures, or null when there are none
 * @param error why it ended in ERROR (or what went wrong while it was being cancelled), or null
 */
record RunEnding(
    RunState state,
    String stopReason,
    Instant startedAt,
    Instant endedAt,
    Long durationMillis,
    RunSummary summary,
    String error) {

  RunEnding {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(endedAt, "endedAt");
    if (!state.isTerminal()) {
      throw new IllegalArgumentException("A run cannot end in " + state);
    }
  }
}
