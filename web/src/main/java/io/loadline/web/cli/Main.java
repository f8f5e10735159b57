package io.loadline.web.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code loadline} command: {@code serve}, {@code run}, {@code report}, {@code compare}, {@code
 * demo-target} and {@code import}. Exit codes: 0 success, 1 thresholds failed (FAILED or ABORTED),
 * 2 error (bad usage, invalid plan, run ended in ERROR), 130 run stopped by Ctrl-C. Not
 * thread-safe; one per invocation.
 */
@Command(
    name = "loadline",
    mixinStandardHelpOptions = true,
    version = "Loadline 0.1.0",
    description = "Load tests HTTP services: a server with a dashboard and an API, or headless.",
    subcommands = {
      ServeCommand.class,
      RunCommand.class,
      ReportCommand.class,
      CompareCommand.class,
      DemoTargetCommand.class,
      ImportCommand.class
    })
public final class Main implements Runnable {

  /** The run passed (or the command succeeded). */
  public static final int EXIT_OK = 0;

  /** Thresholds failed: the run ended FAILED, or ABORTED by an abort-on-fail threshold. */
  public static final int EXIT_THRESHOLDS_FAILED = 1;

  /** Bad usage, an invalid plan, a run that ended in ERROR, or an internal error. */
  public static final int EXIT_ERROR = 2;

  /** The run was stopped by an interrupt (Ctrl-C), as shells report for SIGINT. */
  public static final int EXIT_INTERRUPTED = 130;

  @Spec private CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with Loadline's error handling, ready to {@code execute}. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExecutionExceptionHandler(
        (failure, failedCommand, parseResult) -> {
          PrintWriter err = failedCommand.getErr();
          err.println("loadline: " + failure.getMessage());
          err.flush();
          return EXIT_ERROR;
        });
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
