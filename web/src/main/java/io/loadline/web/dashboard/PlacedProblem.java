package io.loadline.web.dashboard;

import io.loadline.plan.PlanLines;
import io.loadline.spi.ConfigProblem;
import java.util.List;

/**
 * A plan problem as the plan editor shows it: with the line of the submitted text its path points
 * at, so that the editor can link to that line.
 *
 * @param problem the problem and its field path
 * @param line the 1-based line in the submitted text, or 0 when the text has no place for it (it
 *     did not parse, or the path is the whole plan's)
 */
public record PlacedProblem(ConfigProblem problem, int line) {

  /** Each of {@code problems} with its line in {@code source}, in the same order. */
  public static List<PlacedProblem> inSource(String source, List<ConfigProblem> problems) {
    PlanLines lines = PlanLines.of(source);
    return problems.stream()
        .map(problem -> new PlacedProblem(problem, placeOf(lines, problem)))
        .toList();
  }

  /** The whole plan's problems (an empty path) stand beside the editor, not at a line. */
  private static int placeOf(PlanLines lines, ConfigProblem problem) {
    return problem.path().isEmpty() ? 0 : lines.lineOf(problem.path()).orElse(0);
  }

  public boolean hasLine() {
    return line > 0;
  }
}
