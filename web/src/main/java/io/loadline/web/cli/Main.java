package io.loadline.web.cli;

import io.loadline.web.ServerConfig;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code loadline} command: {@code serve}, {@code run}, {@code report}, {@code compare}, {@code
 * demo-target}, {@code import} and {@code admin}. Without a subcommand it prints its usage and
 * exits 2. Exit codes: 0 success, 1 thresholds failed (FAILED or ABORTED), 2 error (bad usage,
 * invalid plan, run ended in ERROR), 130 run stopped by Ctrl-C. Not thread-safe; one per
 * invocation.
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
      ImportCommand.class,
      AdminCommand.class
    })
public final class Main implements Callable<Integer> {

  /** The run passed (or the command succeeded). */
  public static final int EXIT_OK = 0;

  /** Thresholds failed: the run ended FAILED, or ABORTED by an abort-on-fail threshold. */
  public static final int EXIT_THRESHOLDS_FAILED = 1;

  /** Bad usage, an invalid plan, a run that ended in ERROR, or an internal error. */
  public static final int EXIT_ERROR = 2;

  /** The run was stopped by an interrupt (Ctrl-C), as shells report for SIGINT. */
  public static final int EXIT_INTERRUPTED = 130;

  @Spec private CommandSpec spec;

  /** Logback reads its configuration file's name from this system property. */
  static final String LOGBACK_CONFIGURATION_PROPERTY = "logback.configurationFile";

  public static void main(String[] args) {
    try {
      selectLogFormat(System.getenv());
    } catch (IllegalArgumentException badFormat) {
      System.err.println("loadline: " + badFormat.getMessage());
      System.exit(EXIT_ERROR);
    }
    System.exit(commandLine().execute(args));
  }

  /**
   * Points logback at the JSON configuration when {@code LOADLINE_LOG_FORMAT=json}; must run before
   * anything logs, since logback reads its configuration once. A configuration file the operator
   * named with {@code -Dlogback.configurationFile} is left as it is.
   */
  static void selectLogFormat(Map<String, String> environment) {
    boolean json = ServerConfig.jsonLogsRequested(environment);
    if (json && System.getProperty(LOGBACK_CONFIGURATION_PROPERTY) == null) {
      System.setProperty(LOGBACK_CONFIGURATION_PROPERTY, ServerConfig.JSON_LOG_CONFIGURATION);
    }
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
    showFullDescriptions(commandLine);
    return commandLine;
  }

  @Override
  public Integer call() {
    return usageError(spec);
  }

  /** Prints a command's usage on the error stream and answers the bad-usage exit code. */
  static int usageError(CommandLine.Model.CommandSpec spec) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("loadline: name a command.");
    spec.commandLine().usage(err);
    err.flush();
    return EXIT_ERROR;
  }

  /**
   * Lists every subcommand with its whole description, on this command and those below it, where
   * picocli shows only each description's first line.
   */
  private static void showFullDescriptions(CommandLine commandLine) {
    commandLine
        .getHelpSectionMap()
        .put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Main::commandList);
    commandLine.getSubcommands().values().forEach(Main::showFullDescriptions);
  }

  private static String commandList(Help help) {
    Map<String, Help> commands = help.subcommands();
    if (commands.isEmpty()) {
      return "";
    }
    int nameWidth = commands.keySet().stream().mapToInt(String::length).max().orElse(0) + 4;
    int width = help.commandSpec().usageMessage().width();
    TextTable table =
        TextTable.forColumns(
            help.colorScheme(),
            new Column(nameWidth, 2, Column.Overflow.SPAN),
            new Column(Math.max(20, width - nameWidth), 1, Column.Overflow.WRAP));
    commands.forEach(
        (name, command) -> {
          if (!command.commandSpec().usageMessage().hidden()) {
            table.addRowValues(name, description(command));
          }
        });
    return table.toString();
  }

  private static String description(Help command) {
    return Arrays.stream(command.commandSpec().usageMessage().description())
        .map(String::strip)
        .collect(Collectors.joining(" "));
  }
}
