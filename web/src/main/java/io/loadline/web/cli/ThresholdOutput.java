package io.loadline.web.cli;

import io.loadline.report.JUnitReport;
import io.loadline.report.ThresholdTable;
import io.loadline.threshold.ThresholdResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Prints threshold verdicts and writes the JUnit XML file for the run commands. Stateless. */
final class ThresholdOutput {

  private ThresholdOutput() {}

  /** The verdict table and the final state, when the plan has thresholds. */
  static void print(PrintWriter out, List<ThresholdResult> verdicts, String state) {
    if (!verdicts.isEmpty()) {
      out.println();
      out.println(
          "Thresholds (latency from each request's intended start, service_* from the send):");
      out.print(ThresholdTable.render(verdicts));
    }
    out.println();
    out.println("Result: " + explained(state));
    out.flush();
  }

  /** The state with why, so that it reads right after the line on how the schedule ended. */
  private static String explained(String state) {
    return switch (state) {
      case "FAILED" -> "FAILED (a threshold failed)";
      case "ABORTED" -> "ABORTED (a threshold with abortOnFail stopped the run)";
      case "CANCELLED" -> "CANCELLED (stopped before the schedule's end)";
      case "ERROR" -> "ERROR (the run could not go on)";
      default -> state;
    };
  }

  /** Writes the JUnit report when a file was asked for. */
  static void writeJUnit(
      Path file,
      String planName,
      String state,
      double elapsedSeconds,
      List<ThresholdResult> verdicts) {
    if (file == null) {
      return;
    }
    OutputFiles.write(
        file, JUnitReport.render(planName, state, elapsedSeconds, verdicts), "JUnit report");
  }
}
