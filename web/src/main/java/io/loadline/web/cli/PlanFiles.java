package io.loadline.web.cli;

import io.loadline.LoadlineException;
import io.loadline.plan.Plan;
import io.loadline.plan.PlanText;
import io.loadline.spi.ConfigProblem;
import io.loadline.store.PlanStore;
import io.loadline.store.StoredPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Reads plan files for the command line and imports them into the server's store. Stateless. */
final class PlanFiles {

  private PlanFiles() {}

  /**
   * The file's text; a clear error when it cannot be read.
   *
   * @throws io.loadline.plan.PlanValidationException when it is not UTF-8 text
   */
  static String read(Path planFile) {
    Path absolute = planFile.toAbsolutePath();
    if (!Files.exists(absolute)) {
      throw new LoadlineException("The plan file " + absolute + " does not exist.");
    }
    try {
      return PlanText.decode(Files.readAllBytes(absolute));
    } catch (IOException failure) {
      throw new LoadlineException("Cannot read the plan file " + absolute + " (" + failure + ").");
    }
  }

  /** {@code json} for a {@code .json} file, else {@code yaml}. */
  static String format(Path planFile) {
    String name = planFile.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".json") ? "json" : "yaml";
  }

  /**
   * The stored plan with exactly this source, or a new one made from it; {@code plan} is the source
   * already read and validated, so the file is neither read nor parsed again.
   */
  static StoredPlan importOrReuse(PlanStore plans, Path planFile, String source, Plan plan) {
    return plans.list().stream()
        .filter(stored -> stored.source().equals(source))
        .findFirst()
        .orElseGet(() -> plans.create(plan.name(), format(planFile), source));
  }

  /** Prints every problem of an invalid plan, one per line, with its field path. */
  static void printProblems(PrintWriter err, Path planFile, List<ConfigProblem> problems) {
    err.println(
        "The plan "
            + planFile
            + " is invalid; "
            + problems.size()
            + " problem(s), fix them and run again:");
    for (ConfigProblem problem : problems) {
      String where = problem.path().isEmpty() ? "(the whole plan)" : problem.path();
      err.println("  " + where + ": " + problem.message());
    }
    err.flush();
  }
}
