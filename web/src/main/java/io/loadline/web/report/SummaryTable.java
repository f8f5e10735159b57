package io.loadline.web.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders summary rows as a plain-text table for the terminal: one column per figure, steps
 * indented under their scenario; {@link #legend()} says what its latency columns measure.
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
    int[] widths = widths(cells);
    StringBuilder table = new StringBuilder();
    for (List<String> line : cells) {
      appendLine(table, line, widths);
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

  private static void appendLine(StringBuilder table, List<String> line, int[] widths) {
    for (int column = 0; column < line.size(); column++) {
      String cell = line.get(column);
      if (column == 0) {
        table.append(cell).append(" ".repeat(widths[column] - cell.length()));
      } else {
        table.append(GAP).append(" ".repeat(widths[column] - cell.length())).append(cell);
      }
    }
    table.append(System.lineSeparator());
  }
}
