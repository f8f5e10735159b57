package io.loadline.web.report;

import io.loadline.engine.CheckSummary;
import io.loadline.engine.ExtractionSummary;
import io.loadline.engine.RunSummary;
import io.loadline.engine.ScenarioSummary;
import io.loadline.engine.StepSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One check or extraction of one step, as the end-of-run tables show it (terminal, dashboard, HTML
 * report): how many responses passed it and how many failed it. A failed check, or a failed
 * extraction (nothing found, no default), ends its iteration, so the iteration's later steps were
 * not sent; it does not make the request a failure. Immutable.
 *
 * @param scope {@code scenario / step}
 * @param what {@code check status in [200]} or {@code extract token: json $.token}
 * @param passed responses that passed the check, or in which the extraction found a value
 * @param failed responses that failed it
 * @param failedShare failed ÷ (passed + failed + defaults used) as a percentage with one decimal,
 *     or n/a before any response
 * @param note what else a reader needs: defaults used, iterations ended; empty when nothing
 */
public record CheckRow(
    String scope, String what, long passed, long failed, String failedShare, String note) {

  /** The column headings, in the order of the cells of {@link #cells()}. */
  public static final List<String> HEADINGS =
      List.of("scenario / step", "check or extraction", "passed", "failed", "failed %", "note");

  /** Every check, then every extraction, of every step, in plan order; empty when none. */
  public static List<CheckRow> of(RunSummary summary) {
    List<CheckRow> rows = new ArrayList<>();
    if (summary == null) {
      return rows;
    }
    for (ScenarioSummary scenario : summary.scenarios()) {
      for (StepSummary step : scenario.steps()) {
        String scope = scenario.name() + " / " + step.name();
        for (CheckSummary check : step.checks()) {
          rows.add(
              new CheckRow(
                  scope,
                  "check " + check.name(),
                  check.passes(),
                  check.failures(),
                  share(check.failures(), check.passes() + check.failures()),
                  ""));
        }
        for (ExtractionSummary extraction : step.extractions()) {
          rows.add(extractionRow(scope, extraction));
        }
      }
    }
    return rows;
  }

  /** The row's cells, in the order of {@link #HEADINGS}. */
  public List<String> cells() {
    return List.of(scope, what, Figures.count(passed), Figures.count(failed), failedShare, note);
  }

  private static CheckRow extractionRow(String scope, ExtractionSummary extraction) {
    List<String> notes = new ArrayList<>();
    if (extraction.defaultsUsed() > 0) {
      notes.add(extraction.defaultsUsed() + " used the default");
    }
    if (extraction.failures() > 0) {
      notes.add(
          extraction.failures()
              + (extraction.failures() == 1 ? " iteration" : " iterations")
              + " ended here");
    }
    long seen = extraction.successes() + extraction.defaultsUsed() + extraction.failures();
    return new CheckRow(
        scope,
        "extract " + extraction.variable() + ": " + extraction.expression(),
        extraction.successes(),
        extraction.failures(),
        share(extraction.failures(), seen),
        String.join("; ", notes));
  }

  private static String share(long part, long whole) {
    return whole == 0
        ? Figures.NOT_AVAILABLE
        : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }
}
