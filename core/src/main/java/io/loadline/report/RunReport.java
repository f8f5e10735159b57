package io.loadline.report;

import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.RunSummary;
import io.loadline.engine.ScenarioInterval;
import io.loadline.engine.ScenarioSummary;
import io.loadline.run.RunRecord;
import io.loadline.threshold.ThresholdResult;
import java.time.Instant;
import java.util.List;

/**
 * The JSON summary report of a finished run, schema version {@value #SCHEMA_VERSION} (documented in
 * {@code docs/reports.md}): the run, its totals, the engine's summary per scenario and step, each
 * threshold's verdict and the plan as it was run. Immutable.
 *
 * @param totals the run's counts summed over its scenarios, from {@code summarySource}
 * @param summarySource where the totals come from: {@value #FROM_SUMMARY} (the final summary) or,
 *     for a run without one (interrupted by the server's end, or never started), {@value
 *     #FROM_SERIES}: the sums of its stored 1 s rows, what was measured up to the last stored
 *     second
 * @param summary the final summary, the same figures the API and dashboard show; null when the run
 *     never started or the server ended before the run did
 * @param planSource the plan's YAML or JSON text as the run used it
 */
public record RunReport(
    int schemaVersion,
    long runId,
    long planId,
    String planName,
    String state,
    String stopReason,
    Instant startedAt,
    Instant endedAt,
    Long durationMillis,
    String error,
    Totals totals,
    String summarySource,
    RunSummary summary,
    List<ThresholdResult> thresholds,
    String planSource) {

  /** The version of this document's shape; raised when a field changes meaning or goes. */
  public static final int SCHEMA_VERSION = 1;

  /** The {@code summarySource} of totals taken from the final summary. */
  public static final String FROM_SUMMARY = "summary";

  /** The {@code summarySource} of totals summed from the stored 1 s series. */
  public static final String FROM_SERIES = "series";

  /**
   * Counts over every scenario: {@code requests == successes + failures}, and each scenario's
   * requests are the sum of its steps' requests.
   */
  public record Totals(
      long arrivals, long dropped, long requests, long successes, long failures, long interrupted) {

    /** The totals of a summary; all zero for none. */
    public static Totals of(RunSummary summary) {
      long[] sums = new long[6];
      if (summary != null) {
        for (ScenarioSummary scenario : summary.scenarios()) {
          sums[0] += scenario.arrivals();
          sums[1] += scenario.dropped();
          sums[2] += scenario.requests();
          sums[3] += scenario.successes();
          sums[4] += scenario.failures();
          sums[5] += scenario.interrupted();
        }
      }
      return new Totals(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5]);
    }

    /**
     * The sums of a stored series. A row keeps no count of interrupted requests, so {@code
     * interrupted} is 0; arrivals are each row's arrival rate times its length (1 s for rows stored
     * before the length was).
     */
    public static Totals ofSeries(List<IntervalSnapshot> series) {
      long[] sums = new long[6];
      for (IntervalSnapshot snapshot : series) {
        for (ScenarioInterval scenario : snapshot.scenarios()) {
          double seconds = scenario.intervalSeconds() > 0 ? scenario.intervalSeconds() : 1;
          sums[0] += Math.round(scenario.arrivalRatePerSecond() * seconds);
          sums[1] += scenario.dropped();
          sums[2] += scenario.requests();
          sums[3] += scenario.successes();
          sums[4] += scenario.failures();
        }
      }
      return new Totals(sums[0], sums[1], sums[2], sums[3], sums[4], 0);
    }
  }

  /**
   * The report of a run and the plan source it ran; {@code series} (the run's stored 1 s rows)
   * gives the totals of a run without a final summary.
   */
  public static RunReport of(RunRecord run, String planSource, List<IntervalSnapshot> series) {
    boolean summarized = run.summary() != null;
    return new RunReport(
        SCHEMA_VERSION,
        run.id(),
        run.planId(),
        run.planName(),
        run.state().name(),
        run.stopReason(),
        run.startedAt(),
        run.endedAt(),
        run.durationMillis(),
        run.error(),
        summarized ? Totals.of(run.summary()) : Totals.ofSeries(series),
        summarized ? FROM_SUMMARY : FROM_SERIES,
        run.summary(),
        run.thresholds(),
        planSource);
  }
}
