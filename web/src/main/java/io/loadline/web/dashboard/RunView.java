package io.loadline.web.dashboard;

import io.loadline.run.RunRecord;
import io.loadline.web.report.CheckRow;
import io.loadline.web.report.FailureRow;
import io.loadline.web.report.Figures;
import io.loadline.web.report.SummaryRow;
import io.loadline.web.report.SummaryRows;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A run formatted for the dashboard: every figure is display text. Immutable.
 *
 * @param active whether the run is still PENDING or RUNNING (the page keeps polling)
 * @param elapsed the summary's elapsed time, or "n/a" before the run starts
 * @param rows the summary table, scenario rows followed by their steps
 * @param checks each step's checks and extractions with their counts; empty without any
 * @param failures why requests failed, per step and message; empty when none failed
 * @param thresholds the threshold status lights, live while the run goes on; empty without any
 */
public record RunView(
    long id,
    long planId,
    String planName,
    String state,
    boolean active,
    String stopReason,
    String createdAt,
    String startedAt,
    String endedAt,
    String duration,
    String elapsed,
    String error,
    List<SummaryRow> rows,
    List<CheckRow> checks,
    List<FailureRow> failures,
    List<ThresholdLight> thresholds) {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /**
   * The htmx trigger of a run list: every 2 s while one of its runs is active, so states and
   * durations move; every 10 s otherwise, so that a run started elsewhere (another user, the API,
   * the command line) still appears without a reload, at one small request per open page per 10 s.
   */
  public static String listRefreshTrigger(List<RunView> runs) {
    return runs.stream().anyMatch(RunView::active) ? "every 2s" : "every 10s";
  }

  public static RunView of(RunRecord run) {
    return new RunView(
        run.id(),
        run.planId(),
        run.planName(),
        run.state().name(),
        !run.state().isTerminal(),
        run.stopReason() == null ? "-" : run.stopReason(),
        timestamp(run.createdAt()),
        timestamp(run.startedAt()),
        timestamp(run.endedAt()),
        run.durationMillis() == null ? "-" : Figures.seconds(run.durationMillis() / 1000.0),
        run.summary() == null
            ? Figures.NOT_AVAILABLE
            : Figures.seconds(run.summary().elapsedSeconds()),
        run.error(),
        SummaryRows.of(run.summary()),
        CheckRow.of(run.summary()),
        FailureRow.of(run.summary()),
        ThresholdLight.of(run.thresholds()));
  }

  /** The CSS class of the state badge, such as {@code state-passed}. */
  public String stateClass() {
    return "state-" + state.toLowerCase(java.util.Locale.ROOT);
  }

  private static String timestamp(Instant instant) {
    return instant == null ? "-" : TIMESTAMP.format(instant);
  }
}
