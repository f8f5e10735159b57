package io.loadline.web.cli;

import io.loadline.LoadlineException;
import io.loadline.web.report.Figures;
import io.loadline.web.report.SummaryRows;
import io.loadline.web.report.SummaryTable;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;

/**
 * {@code run --server URL --api-key KEY PLAN_FILE}: runs the plan on a Loadline server through its
 * API (reusing a stored plan with the same source, else creating one), polls the run once a second
 * to its end, prints the summary and thresholds, and exits with the same codes as a local run.
 * Ctrl-C asks the server to stop the run. Not thread-safe; one per command.
 */
final class RemoteRunCommand {

  private static final long POLL_MILLIS = 1_000;

  private final URI server;
  private final String secret;
  private final Path planFile;
  private final Path junitFile;
  private final boolean noProgress;
  private Path reportDirectory;

  RemoteRunCommand(URI server, String secret, Path planFile, Path junitFile, boolean noProgress) {
    this.server = server;
    this.secret = secret;
    this.planFile = planFile;
    this.junitFile = junitFile;
    this.noProgress = noProgress;
  }

  /** Also fetches the run's four reports into this directory at the end; null for none. */
  RemoteRunCommand withReportDirectory(Path directory) {
    this.reportDirectory = directory;
    return this;
  }

  int run(String source, PrintWriter out, PrintWriter err) throws InterruptedException {
    if (secret == null || secret.isBlank()) {
      err.println("--server needs --api-key KEY (or --token, or $LOADLINE_API_KEY).");
      err.flush();
      return Main.EXIT_ERROR;
    }
    RemoteRun remote = new RemoteRun(server, secret);
    long runId;
    try {
      runId = remote.start(remote.planId(source, PlanFiles.format(planFile)));
    } catch (RemoteRun.InvalidPlan invalid) {
      err.println("The plan " + planFile + " is invalid; fix these problems and run again:");
      invalid.problems.forEach(problem -> err.println("  " + problem));
      err.flush();
      return Main.EXIT_ERROR;
    }
    out.println("Run " + runId + " of " + planFile + " started on " + server);
    out.flush();
    RemoteRun.RemoteRunState ended = pollToEnd(remote, runId, out);
    print(out, err, ended);
    if (reportDirectory != null) {
      ReportFiles.fetch(reportDirectory, remote, runId);
      out.println("Reports written to " + reportDirectory);
      out.flush();
    }
    return exitCode(ended.state());
  }

  private RemoteRun.RemoteRunState pollToEnd(RemoteRun remote, long runId, PrintWriter out)
      throws InterruptedException {
    Thread stopOnInterrupt = new Thread(() -> remote.stop(runId), "loadline-remote-stop");
    Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
    try {
      ProgressLine line = new ProgressLine();
      RemoteRun.RemoteRunState state = remote.read(runId);
      while (state.active()) {
        Thread.sleep(POLL_MILLIS);
        state = remote.read(runId);
        if (!noProgress && state.active() && state.summary() != null) {
          out.println(line.next(state.summary()));
          out.flush();
        }
      }
      return state;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting (Ctrl-C); the hook asks the server to stop the run.
      }
    }
  }

  private void print(PrintWriter out, PrintWriter err, RemoteRun.RemoteRunState run) {
    out.println();
    String after =
        run.durationMillis() == null ? "" : " after " + Figures.seconds(run.durationMillis() / 1e3);
    out.println(
        "Run "
            + run.id()
            + " of '"
            + run.planName()
            + "' ended: "
            + run.state()
            + (run.stopReason() == null ? "" : " (" + run.stopReason() + ")")
            + after);
    if (run.summary() != null) {
      out.println();
      out.print(SummaryTable.render(SummaryRows.of(run.summary())));
      out.println();
      out.print(SummaryTable.legend());
      out.print(SummaryTable.checks(run.summary()));
      out.print(SummaryTable.failures(run.summary()));
    }
    ThresholdOutput.print(out, run.thresholds(), run.state());
    if (run.error() != null) {
      err.println("The run ended in error: " + run.error());
      err.flush();
    }
    double elapsed = run.summary() == null ? 0 : run.summary().elapsedSeconds();
    ThresholdOutput.writeJUnit(junitFile, run.planName(), run.state(), elapsed, run.thresholds());
  }

  /** The exit code of a run's final state, as for a local run. */
  static int exitCode(String state) {
    return switch (state) {
      case "PASSED" -> Main.EXIT_OK;
      case "FAILED", "ABORTED" -> Main.EXIT_THRESHOLDS_FAILED;
      case "CANCELLED" -> Main.EXIT_INTERRUPTED;
      case "ERROR", "INTERRUPTED" -> Main.EXIT_ERROR;
      default -> throw new LoadlineException("The server reported the unknown state " + state);
    };
  }
}
