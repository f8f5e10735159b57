package io.loadline.web.api;

import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.RunSummary;
import io.loadline.run.RunRecord;
import io.loadline.run.RunState;
import io.loadline.threshold.ThresholdResult;
import java.time.Instant;
import java.util.List;

/**
 * A run as the API shows it. Immutable.
 *
 * @param active whether the run is still PENDING or RUNNING
 * @param stopReason why it ended, or null while it runs
 * @param durationMillis from start to end, or null while it runs
 * @param summary the final summary, the live one while it runs, or null before it starts
 * @param error why it ended in ERROR, or null
 * @param thresholds each threshold's observed value and verdict (final, or the latest live check),
 *     in lists too; empty for a plan without thresholds
 */
public record RunJson(
    long id,
    long planId,
    String planName,
    RunState state,
    boolean active,
    String stopReason,
    Instant createdAt,
    Instant startedAt,
    Instant endedAt,
    Long durationMillis,
    String error,
    RunSummary summary,
    List<ThresholdResult> thresholds) {

  public static RunJson of(RunRecord run) {
    return new RunJson(
        run.id(),
        run.planId(),
        run.planName(),
        run.state(),
        !run.state().isTerminal(),
        run.stopReason(),
        run.createdAt(),
        run.startedAt(),
        run.endedAt(),
        run.durationMillis(),
        run.error(),
        run.summary(),
        run.thresholds());
  }

  /**
   * A run's stored 1 s intervals, as {@code GET /api/v1/runs/{id}/series} answers them. Immutable.
   *
   * @param active whether the run is still PENDING or RUNNING, so that more intervals will come
   * @param since the first second asked for
   * @param nextSince the {@code since} of the next poll: one past the newest second returned, or
   *     {@code since} when none was
   * @param intervals oldest first: per scenario the counts, failures by kind, dropped, in flight,
   *     target, arrival, achieved (started) and request rates, the interval's length and latency
   *     percentiles, and the same per step
   */
  public record Series(
      long runId,
      RunState state,
      boolean active,
      long since,
      long nextSince,
      List<IntervalSnapshot> intervals) {

    public Series {
      intervals = List.copyOf(intervals);
    }

    static Series of(RunRecord run, long since, List<IntervalSnapshot> intervals) {
      long next = intervals.isEmpty() ? since : intervals.getLast().second() + 1;
      return new Series(run.id(), run.state(), !run.state().isTerminal(), since, next, intervals);
    }
  }

  /** The run without its summary, for lists. */
  public static RunJson summaryOf(RunRecord run) {
    RunJson full = of(run);
    return new RunJson(
        full.id,
        full.planId,
        full.planName,
        full.state,
        full.active,
        full.stopReason,
        full.createdAt,
        full.startedAt,
        full.endedAt,
        full.durationMillis,
        full.error,
        null,
        full.thresholds);
  }
}
