package io.loadline.web.cli;

import io.loadline.engine.CompiledPlan;
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
import io.loadline.web.ServerConfig;
import io.loadline.web.report.Figures;
import io.loadline.web.report.SummaryRows;
import io.loadline.web.report.SummaryTable;
import java.io.PrintWriter;
import java.nio.file.Path;
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
 * at the end. Ctrl-C stops the run gracefully and still prints the summary.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a plan headless and prints its summary.",
      "Exit codes: 0 passed, 1 thresholds failed (reserved), 2 error (invalid plan, run ended in"
          + " ERROR), 130 stopped by Ctrl-C."
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
      names = "--summary-json",
      paramLabel = "FILE",
      description = "Also write the final summary and every 1 s interval to FILE as JSON.")
  private Path summaryJsonFile;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String source = PlanFiles.read(planFile);
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
    SummaryJsonFile summaryJson =
        summaryJsonFile == null ? null : new SummaryJsonFile(summaryJsonFile);
    RunObserver observer = summaryJson == null ? RunObserver.NONE : summaryJson;
    RunResult result = runToEnd(engine.start(compiled, observer), out);
    printResult(out, err, plan, result);
    if (summaryJson != null) {
      summaryJson.write(result);
    }
    return exitCode(result);
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
    Thread stopOnInterrupt = new Thread(running::stop, "loadline-run-stop");
    Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
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
      removeHook(stopOnInterrupt);
    }
  }

  private static void printResult(PrintWriter out, PrintWriter err, Plan plan, RunResult result) {
    out.println();
    out.println(
        "Run of '"
            + plan.name()
            + "' ended: "
            + result.endReason()
            + " after "
            + Figures.seconds(result.summary().elapsedSeconds()));
    out.println();
    out.print(SummaryTable.render(SummaryRows.of(result.summary())));
    out.println();
    out.println("Latency is measured from each request's intended start; times in milliseconds.");
    out.flush();
    if (result.errorMessage() != null) {
      err.println("The run ended in error: " + result.errorMessage());
      err.flush();
    }
  }

  private static int exitCode(RunResult result) {
    return switch (result.endReason()) {
      case COMPLETED -> Main.EXIT_OK;
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

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already exiting (Ctrl-C); the hook is running and will stop the run.
    }
  }
}
