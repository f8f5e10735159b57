package io.loadline.web.report;

import io.loadline.engine.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Renders summary rows as a plain-text table for the terminal: one column per figure, steps
 * indented under their scenario; {@link #legend()} says what its latency columns measure. {@link
 * #checks} renders the checks and extractions the same way, {@link #failures} the failure messages.
 * Stateless.
 */
public final class SummaryTable {

  private static final String STEP_INDENT = "  ";
  private static final String GAP = "  ";

  private SummaryTable() {}

  public static String render(List<SummaryRow> rows) {
    List<List<String>> cells = new ArrayList<>();
    List<String> heading = new ArrayList<>();
    heading.add("scenario / step");
    heading.addAll(SummaryRow.HEADINGS);
    cells.add(heading);
    for (SummaryRow row : rows) {
      List<String> line = new ArrayList<>();
      line.add(row.scenarioRow() ? row.label() : STEP_INDENT + row.label());
      line.addAll(row.figures());
      cells.add(line);
    }
    return grid(cells, Set.of(0));
  }

  /**
   * The run's checks and extractions after an empty line, under a heading that says what they
   * count; empty when the run had none, so that a plan without checks prints nothing more.
   */
  public static String checks(RunSummary summary) {
    List<CheckRow> rows = CheckRow.of(summary);
    if (rows.isEmpty()) {
      return "";
    }
    List<List<String>> cells = new ArrayList<>();
    cells.add(CheckRow.HEADINGS);
    rows.forEach(row -> cells.add(row.cells()));
    String newline = System.lineSeparator();
    return newline
        + "Checks and extractions (a failure ends its iteration, so later steps were not sent,"
        + " but does not make the request a failure):"
        + newline
        + grid(cells, Set.of(0, 1, 5));
  }

  /**
   * Why requests failed, per step, after an empty line; empty when none failed, so that a clean run
   * prints nothing more.
   */
  public static String failures(RunSummary summary) {
    List<FailureRow> rows = FailureRow.of(summary);
    if (rows.isEmpty()) {
      return "";
    }
    List<List<String>> cells = new ArrayList<>();
    cells.add(FailureRow.HEADINGS);
    rows.forEach(row -> cells.add(row.cells()));
    String newline = System.lineSeparator();
    return newline
        + "Failures by message:"
        + newline
        + grid(cells, Set.of(0, 1, 2))
        + FailureRow.NOTE
        + newline;
  }

  /**
   * Columns padded to their widest cell: the {@code leftAligned} ones on the left, the rest on the
   * right.
   */
  private static String grid(List<List<String>> cells, Set<Integer> leftAligned) {
    int[] widths = widths(cells);
    StringBuilder table = new StringBuilder();
    for (List<String> line : cells) {
      appendLine(table, line, widths, leftAligned);
    }
    return table.toString();
  }

  /** The lines to print under the table: what each latency column measures, and its precision. */
  public static String legend() {
    StringBuilder legend = new StringBuilder();
    for (String line : SummaryRow.LEGEND_LINES) {
      legend.append(line).append(System.lineSeparator());
    }
    return legend
        .append("Latencies keep the histograms' 3 significant digits.")
        .append(System.lineSeparator())
        .toString();
  }

  private static int[] widths(List<List<String>> cells) {
    int[] widths = new int[cells.get(0).size()];
    for (List<String> line : cells) {
      for (int column = 0; column < line.size(); column++) {
        widths[column] = Math.max(widths[column], line.get(column).length());
      }
    }
    return widths;
  }

  private static void appendLine(
      StringBuilder table, List<String> line, int[] widths, Set<Integer> leftAligned) {
    StringBuilder text = new StringBuilder();
    for (int column = 0; column < line.size(); column++) {
      String cell = line.get(column);
      String padding = " ".repeat(widths[column] - cell.length());
      text.append(column == 0 ? "" : GAP);
      text.append(leftAligned.contains(column) ? cell + padding : padding + cell);
    }
    // A left-aligned last column would leave spaces at the end of the line.
    table.append(text.toString().stripTrailing()).append(System.lineSeparator());
  }
}
