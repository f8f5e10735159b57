package io.loadline.web.report;

import io.loadline.engine.FailureMessage;
import io.loadline.engine.RunSummary;
import io.loadline.engine.ScenarioSummary;
import io.loadline.engine.StepSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One reason why requests of one step failed, as the end-of-run tables show it (terminal,
 * dashboard, HTML report), in the manner of Gatling's error table. Immutable.
 *
 * @param scope {@code scenario / step}
 * @param kind the failure's kind, such as {@code timeout}
 * @param message the protocol's reason, such as {@code status 503} or an exception's message
 * @param count requests that failed so
 * @param share count ÷ the step's ended requests, as a percentage with one decimal
 */
public record FailureRow(String scope, String kind, String message, long count, String share) {

  /** The column headings, in the order of the cells of {@link #cells()}. */
  public static final List<String> HEADINGS =
      List.of("scenario / step", "kind", "message", "count", "% of step's requests");

  /** What the tables say under the rows. */
  public static final String NOTE =
      "Each step keeps its first 20 distinct messages; later ones are counted as (other"
          + " messages). Check failures are in their own table: they do not fail a request.";

  /** Every step's failure messages, the most frequent first within a step; empty when none. */
  public static List<FailureRow> of(RunSummary summary) {
    List<FailureRow> rows = new ArrayList<>();
    if (summary == null) {
      return rows;
    }
    for (ScenarioSummary scenario : summary.scenarios()) {
      for (StepSummary step : scenario.steps()) {
        for (FailureMessage failure : step.failureMessages()) {
          rows.add(
              new FailureRow(
                  scenario.name() + " / " + step.name(),
                  failure.kind(),
                  failure.message(),
                  failure.count(),
                  share(failure.count(), step.requests())));
        }
      }
    }
    return rows;
  }

  /** The row's cells, in the order of {@link #HEADINGS}. */
  public List<String> cells() {
    return List.of(scope, kind, message, Figures.count(count), share);
  }

  private static String share(long part, long whole) {
    return whole == 0
        ? Figures.NOT_AVAILABLE
        : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }
}
