package io.loadline.engine;

import java.time.Instant;

/**
 * How a run ended, with its final summary. Immutable.
 *
 * @param errorMessage why the run ended in {@link EndReason#ERROR}, or null
 */
public record RunResult(
    EndReason endReason,
    RunSummary summary,
    Instant startedAt,
    Instant endedAt,
    String errorMessage) {}
