package io.loadline.run;

import io.loadline.engine.RunHistograms;
import io.loadline.engine.RunSummary;
import io.loadline.threshold.ThresholdResult;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything written when a run reaches its terminal state, in one update. Immutable.
 *
 * @param startedAt when the engine started the run, or null when it never started
 * @param durationMillis from start to end, or null when it never started
 * @param summary the final figures, or null when there are none
 * @param error why it ended in ERROR (or what went wrong while it was being cancelled), or null
 * @param thresholds the final verdicts of the plan's thresholds; empty when it has none
 * @param histograms the final cumulative histograms to keep, or empty
 */
record RunEnding(
    RunState state,
    String stopReason,
    Instant startedAt,
    Instant endedAt,
    Long durationMillis,
    RunSummary summary,
    String error,
    List<ThresholdResult> thresholds,
    RunHistograms histograms) {

  RunEnding(
      RunState state,
      String stopReason,
      Instant startedAt,
      Instant endedAt,
      Long durationMillis,
      RunSummary summary,
      String error) {
    this(
        state,
        stopReason,
        startedAt,
        endedAt,
        durationMillis,
        summary,
        error,
        List.of(),
        RunHistograms.EMPTY);
  }

  RunEnding {
    thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
    histograms = histograms == null ? RunHistograms.EMPTY : histograms;
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(endedAt, "endedAt");
    if (!state.isTerminal()) {
      throw new IllegalArgumentException("A run cannot end in " + state);
    }
  }
}
