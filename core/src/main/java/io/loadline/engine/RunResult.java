package io.loadline.engine;

import java.time.Instant;

/**
 * How a run ended, with its final summary. Immutable, except that the histograms are copies the
 * receiver owns.
 *
 * @param errorMessage why the run ended in {@link EndReason#ERROR}, or null
 * @param histograms the final cumulative histograms per scenario and step; {@link
 *     RunHistograms#EMPTY} when none were kept
 */
public record RunResult(
    EndReason endReason,
    RunSummary summary,
    Instant startedAt,
    Instant endedAt,
    String errorMessage,
    RunHistograms histograms) {

  public RunResult {
    histograms = histograms == null ? RunHistograms.EMPTY : histograms;
  }

  /** A result without histograms. */
  public RunResult(
      EndReason endReason,
      RunSummary summary,
      Instant startedAt,
      Instant endedAt,
      String errorMessage) {
    this(endReason, summary, startedAt, endedAt, errorMessage, RunHistograms.EMPTY);
  }
}
