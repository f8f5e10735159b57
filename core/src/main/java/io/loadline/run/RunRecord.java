package io.loadline.run;

import io.loadline.engine.RunSummary;
import io.loadline.threshold.ThresholdResult;
import java.time.Instant;
import java.util.List;

/**
 * A run as stored, with its live summary while it runs. Immutable. Times are kept to the
 * millisecond.
 *
 * @param stopReason why it ended: {@code completed}, {@code stopped by user}, {@code shutdown},
 *     {@code error}, {@code interrupted}, {@code threshold} (ABORTED); null while it runs, except
 *     that a run asked to stop shows the reason it will end with while its in-flight requests
 *     finish
 * @param durationMillis from start to end; null while it runs, when it never started, and for an
 *     INTERRUPTED run (its real end is unknown)
 * @param summary the final summary, the live one while it runs, or null before it starts
 * @param error why it ended in ERROR, or null
 * @param thresholds each threshold's observed value and verdict: final once the run has ended, the
 *     latest live check while it runs; empty for a plan without thresholds
 */
public record RunRecord(
    long id,
    long planId,
    String planName,
    RunState state,
    String stopReason,
    Instant createdAt,
    Instant startedAt,
    Instant endedAt,
    Long durationMillis,
    RunSummary summary,
    String error,
    List<ThresholdResult> thresholds) {

  public RunRecord {
    thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
  }

  /** A run without threshold verdicts. */
  public RunRecord(
      long id,
      long planId,
      String planName,
      RunState state,
      String stopReason,
      Instant createdAt,
      Instant startedAt,
      Instant endedAt,
      Long durationMillis,
      RunSummary summary,
      String error) {
    this(
        id,
        planId,
        planName,
        state,
        stopReason,
        createdAt,
        startedAt,
        endedAt,
        durationMillis,
        summary,
        error,
        List.of());
  }

  /** Whether every threshold passed (true when there are none). */
  public boolean thresholdsPassed() {
    return thresholds.stream().allMatch(ThresholdResult::passed);
  }
}
