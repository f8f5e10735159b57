package io.loadline.web.cli;

import io.loadline.engine.CompiledPlan;
import io.loadline.engine.EndReason;
import io.loadline.engine.Engine;
import io.loadline.engine.EngineSettings;
import io.loadline.engine.RunObserver;
import io.loadline.engine.RunResult;
import io.loadline.engine.RunningTest;
import io.loadline.plan.Plan;
import io.loadline.plan.PlanReader;
import io.loadline.plan.PlanValidationException;
import io.loadline.pluginhost.PluginHost;
import io.loadline.pluginhost.PluginRegistry;
import io.loadline.report.RunReport;
import io.loadline.threshold.ThresholdEvaluator;
import io.loadline.threshold.ThresholdResult;
import io.loadline.web.ServerConfig;
import io.loadline.web.report.Figures;
import io.loadline.web.report.SummaryRows;
import io.loadline.web.report.SummaryTable;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loadline run PLAN_FILE}: validates the plan and runs it with the engine in this process,
 * without the server or the database, printing a progress line every second and the summary table
 * at the end. Ctrl-C or SIGTERM stops the run gracefully and still prints the summary and writes
 * the asked-for files, then exits 130 ({@link RunInterruption}). The plan's thresholds are judged
 * live (an abort-on-fail breach stops the run) and at the end. With {@code --server} the same plan
 * runs on a Loadline server through its API instead ({@link RemoteRunCommand}), with the same
 * output and exit codes.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a plan headless (or on a server with --server) and prints its summary.",
      "Exit codes: 0 passed, 1 thresholds failed (FAILED or ABORTED), 2 error (invalid plan,"
          + " run ended in ERROR, server unreachable), 130 stopped by Ctrl-C."
    })
final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PLAN_FILE", description = "The plan, YAML or JSON.")
  private Path planFile;

  @Option(
      names = "--plugins-dir",
      paramLabel = "DIR",
      description = "Plugin jars to load (default: $LOADLINE_PLUGINS_DIR or ./plugins).")
  private Path pluginsDirectory;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where feeder files are read from (default: the plan file's directory).")
  private Path dataDirectory;

  @Option(names = "--no-progress", description = "Do not print the progress line every second.")
  private boolean noProgress;

  @Option(
      names = "--junit",
      paramLabel = "FILE",
      description = "Write the threshold verdicts as JUnit XML (one test case per threshold).")
  private Path junitFile;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      description =
          "Write report.json, series.csv, report.html and histograms.hlog here at the end.")
  private Path reportDirectory;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "Run on this Loadline server through its API instead of in this process.")
  private java.net.URI server;

  @Option(
      names = {"--api-key", "--token"},
      paramLabel = "SECRET",
      description = "The API key or token for --server (default: $LOADLINE_API_KEY).")
  private String apiKey;

  @Option(
      names = "--summary-json",
      paramLabel = "FILE",
      description =
          "Also write the final summary and every 1 s interval to FILE as JSON (local runs"
              + " only; refused with --server).")
  private Path summaryJsonFile;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (dataDirectory != null && !Files.isDirectory(dataDirectory)) {
      err.println(
          "loadline run: the data directory "
              + dataDirectory.toAbsolutePath()
              + (Files.exists(dataDirectory) ? " is not a directory" : " does not exist")
              + "; create it or pass --data-dir with the directory holding the feeder files.");
      err.flush();
      return Main.EXIT_ERROR;
    }
    String source;
    try {
      source = PlanFiles.read(planFile);
    } catch (PlanValidationException notText) {
      PlanFiles.printProblems(err, planFile, notText.problems());
      return Main.EXIT_ERROR;
    }
    if (server != null && summaryJsonFile != null) {
      // The server keeps no engine result to write it from; a run that went ahead without it
      // left a script reading the file with nothing, and no word on why.
      err.println(
          "loadline run: --summary-json is written by local runs only; with --server, use"
              + " --report-dir DIR for the run's report.json (summary) and series.csv (1 s"
              + " intervals).");
      err.flush();
      return Main.EXIT_ERROR;
    }
    if (server != null) {
      String secret = apiKey != null ? apiKey : System.getenv("LOADLINE_API_KEY");
      return new RemoteRunCommand(server, secret, planFile, junitFile, noProgress)
          .withReportDirectory(reportDirectory)
          .run(source, out, err);
    }
    Engine engine = new Engine(plugins(), engineSettings());
    Plan plan;
    CompiledPlan compiled;
    try {
      plan = new PlanReader(engine).read(source);
      compiled = engine.compile(plan);
    } catch (PlanValidationException invalid) {
      PlanFiles.printProblems(err, planFile, invalid.problems());
      return Main.EXIT_ERROR;
    }
    out.println("Running '" + plan.name() + "' from " + planFile + " (Ctrl-C stops it)");
    out.flush();
    LiveThresholds thresholds = new LiveThresholds(plan.thresholds(), out);
    SummaryJsonFile summaryJson =
        summaryJsonFile == null ? null : new SummaryJsonFile(summaryJsonFile);
    // Only the report files need every interval again at the end; they wait on disk, not in memory.
    try (IntervalSpool intervals = reportDirectory == null ? null : new IntervalSpool()) {
      List<RunObserver> observers = new ArrayList<>(List.of(thresholds));
      if (summaryJson != null) {
        observers.add(summaryJson);
      }
      if (intervals != null) {
        observers.add(intervals);
      }
      RunObserver observer = snapshot -> observers.forEach(each -> each.onInterval(snapshot));
      RunningTest running = engine.start(compiled, observer);
      // Ctrl-C or SIGTERM stops the run; the JVM waits until the partial results are written.
      try (RunInterruption interruption =
          RunInterruption.install(running, compiled.gracefulStop())) {
        thresholds.watch(running);
        RunResult result = runToEnd(running, out);
        return finish(plan, source, result, thresholds, summaryJson, intervals, out, err);
      }
    }
  }

  /** Prints the summary and verdicts and writes the asked-for files; answers the exit code. */
  private int finish(
      Plan plan,
      String source,
      RunResult result,
      LiveThresholds thresholds,
      SummaryJsonFile summaryJson,
      IntervalSpool intervals,
      PrintWriter out,
      PrintWriter err) {
    printResult(out, err, plan.name(), result);
    if (summaryJson != null) {
      summaryJson.write(result);
    }
    List<ThresholdResult> verdicts =
        thresholds.evaluator().evaluate(result.summary(), result.histograms());
    String state = stateOf(result, thresholds.aborted(), verdicts);
    ThresholdOutput.print(out, verdicts, state);
    ThresholdOutput.writeJUnit(
        junitFile, plan.name(), state, result.summary().elapsedSeconds(), verdicts);
    if (reportDirectory != null) {
      RunReport report = localReport(plan, source, result, state, thresholds.aborted(), verdicts);
      ReportFiles.write(reportDirectory, report, intervals.intervals(), result.histograms());
      out.println("Reports written to " + reportDirectory);
      out.flush();
    }
    return exitCode(result, thresholds.aborted(), verdicts);
  }

  /** The JSON report of a run that has no id: it was never stored. */
  private static RunReport localReport(
      Plan plan,
      String source,
      RunResult result,
      String state,
      boolean aborted,
      List<ThresholdResult> verdicts) {
    Long durationMillis =
        result.startedAt() == null || result.endedAt() == null
            ? null
            : java.time.Duration.between(result.startedAt(), result.endedAt()).toMillis();
    return new RunReport(
        RunReport.SCHEMA_VERSION,
        0,
        0,
        plan.name(),
        state,
        stopReasonOf(result, aborted),
        result.startedAt(),
        result.endedAt(),
        durationMillis,
        result.errorMessage(),
        RunReport.Totals.of(result.summary()),
        RunReport.FROM_SUMMARY,
        result.summary(),
        verdicts,
        source);
  }

  /**
   * Why the run ended, in the names the server stores ({@code RunService}'s reasons), so a report
   * reads the same whether it was written here or by a server. Ctrl-C and SIGTERM are the user
   * stopping this process's run: {@code stopped by user}.
   */
  static String stopReasonOf(RunResult result, boolean aborted) {
    if (aborted && result.endReason() != EndReason.ERROR) {
      return "threshold";
    }
    return switch (result.endReason()) {
      case COMPLETED -> "completed";
      case STOPPED -> "stopped by user";
      case ERROR -> "error";
    };
  }

  /** The state a server would give this run. */
  private static String stateOf(RunResult result, boolean aborted, List<ThresholdResult> verdicts) {
    if (aborted) {
      return "ABORTED";
    }
    return switch (result.endReason()) {
      case COMPLETED -> ThresholdEvaluator.allPassed(verdicts) ? "PASSED" : "FAILED";
      case STOPPED -> "CANCELLED";
      case ERROR -> "ERROR";
    };
  }

  /** The same engine defaults as the server's environment gives, reading feeders locally. */
  private EngineSettings engineSettings() {
    ServerConfig environment = ServerConfig.fromEnvironment(System.getenv());
    return new EngineSettings(
        environment.defaultTimeout(),
        environment.defaultMaxInFlight(),
        environment.defaultGracefulStop(),
        dataDirectory());
  }

  private RunResult runToEnd(RunningTest running, PrintWriter out) throws InterruptedException {
    ScheduledExecutorService progress =
        Executors.newSingleThreadScheduledExecutor(
            task -> Thread.ofPlatform().daemon().name("loadline-progress").unstarted(task));
    try {
      if (!noProgress) {
        ProgressLine line = new ProgressLine();
        progress.scheduleAtFixedRate(
            () -> {
              out.println(line.next(running.liveSummary()));
              out.flush();
            },
            1,
            1,
            TimeUnit.SECONDS);
      }
      return running.completion().join();
    } finally {
      progress.shutdownNow();
      progress.awaitTermination(1, TimeUnit.SECONDS);
    }
  }

  /** The end of a run as a person reads it: how it ended, the summary table and its legend. */
  static void printResult(PrintWriter out, PrintWriter err, String planName, RunResult result) {
    out.println();
    out.println(
        "Run of '"
            + planName
            + "': "
            + scheduleEnd(result.endReason())
            + " after "
            + Figures.seconds(result.summary().elapsedSeconds()));
    out.println();
    out.print(SummaryTable.render(SummaryRows.of(result.summary())));
    out.println();
    out.print(SummaryTable.legend());
    out.println(
        "Arrivals that came due = started + dropped; interrupted requests were still in flight"
            + " when the graceful stop ran out.");
    out.print(SummaryTable.checks(result.summary()));
    out.print(SummaryTable.failures(result.summary()));
    out.flush();
    if (result.errorMessage() != null) {
      err.println("The run ended in error: " + result.errorMessage());
      err.flush();
    }
  }

  /**
   * How the schedule ended, worded so that it cannot read as the verdict: a schedule that completed
   * can still end in a FAILED result, which the "Result:" line gives.
   */
  private static String scheduleEnd(EndReason endReason) {
    return switch (endReason) {
      case COMPLETED -> "schedule completed";
      case STOPPED -> "schedule stopped before its end";
      case ERROR -> "ended in error";
    };
  }

  private static int exitCode(RunResult result, boolean aborted, List<ThresholdResult> verdicts) {
    if (aborted && result.endReason() != EndReason.ERROR) {
      return Main.EXIT_THRESHOLDS_FAILED;
    }
    return switch (result.endReason()) {
      case COMPLETED ->
          ThresholdEvaluator.allPassed(verdicts) ? Main.EXIT_OK : Main.EXIT_THRESHOLDS_FAILED;
      case STOPPED -> Main.EXIT_INTERRUPTED;
      case ERROR -> Main.EXIT_ERROR;
    };
  }

  private PluginRegistry plugins() {
    Path directory =
        pluginsDirectory != null
            ? pluginsDirectory
            : ServerConfig.fromEnvironment(System.getenv()).pluginsDirectory();
    return PluginHost.discover(RunCommand.class.getClassLoader(), directory);
  }

  private Path dataDirectory() {
    if (dataDirectory != null) {
      return dataDirectory;
    }
    Path parent = planFile.toAbsolutePath().getParent();
    return parent != null ? parent : Path.of(".").toAbsolutePath();
  }
}
