package io.loadline.run;

import io.loadline.engine.RunSummary;
import java.time.Instant;

/**
 * A run as stored, with its live summary while it runs. Immutable. Times are kept to the
 * millisecond.
 *
 * @param stopReason why it ended: {@code completed}, {@code stopped by user}, {@code shutdown},
 *     {@code error}, {@code interrupted}; null while it runs, except that a run asked to stop shows
 *     the reason it will end with while its in-flight requests finish
 * @param durationMillis from start to end; null while it runs, when it never started, and for an
 *     INTERRUPTED run (its real end is unknown)
 * @param summary the final summary, the live one while it runs, or null before it starts
 * @param error why it ended in ERROR, or null
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
    String error) {}
