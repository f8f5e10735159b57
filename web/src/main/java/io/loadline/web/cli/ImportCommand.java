package io.loadline.web.cli;

import io.loadline.engine.Engine;
import io.loadline.engine.EngineSettings;
import io.loadline.importer.ImportException;
import io.loadline.plan.PlanReader;
import io.loadline.plan.PlanValidationException;
import io.loadline.web.ServerConfig;
import io.loadline.web.plans.PlanImport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loadline import har FILE} and {@code loadline import curl 'curl ...'}: writes a plan made
 * from a browser's HAR recording or a curl command, to standard output or {@code --output}. The
 * plan is checked like any plan before it is written. Not thread-safe; one per invocation.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Makes a plan from a HAR recording or a curl command (see docs/import.md).",
    subcommands = {ImportCommand.Har.class, ImportCommand.Curl.class})
final class ImportCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The options both imports share. */
  abstract static class ImportOptions implements Callable<Integer> {

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "The plan's name (default: imported from HAR / curl).")
    String planName;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "Write the plan to this file instead of standard output.")
    Path output;

    @Spec CommandSpec spec;

    /** The plan's YAML. */
    abstract String importPlan(PlanImport imports) throws IOException;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      try {
        String yaml = importPlan(new PlanImport(planReader()));
        if (output == null) {
          spec.commandLine().getOut().print(yaml);
          spec.commandLine().getOut().flush();
        } else {
          Files.writeString(output, yaml, StandardCharsets.UTF_8);
          err.println("Wrote the plan to " + output);
        }
        return Main.EXIT_OK;
      } catch (ImportException | IOException cannotImport) {
        err.println("loadline import: " + cannotImport.getMessage());
      } catch (PlanValidationException invalid) {
        err.println("loadline import: the imported plan does not validate:");
        invalid.problems().forEach(problem -> err.println("  " + problem));
      }
      err.flush();
      return Main.EXIT_ERROR;
    }

    private static PlanReader planReader() {
      ServerConfig environment = ServerConfig.fromEnvironment(System.getenv());
      EngineSettings settings =
          new EngineSettings(
              environment.defaultTimeout(),
              environment.defaultMaxInFlight(),
              environment.defaultGracefulStop(),
              environment.dataDirectory());
      return new PlanReader(
          new Engine(
              QuietPluginDiscovery.discover(
                  ImportCommand.class.getClassLoader(), environment.pluginsDirectory()),
              settings));
    }
  }

  /** {@code loadline import har FILE}. */
  @Command(
      name = "har",
      mixinStandardHelpOptions = true,
      description = "Makes a plan from a HAR file, leaving out images, styles, scripts and fonts.")
  static final class Har extends ImportOptions {

    @Parameters(index = "0", paramLabel = "FILE", description = "The HAR file.")
    Path harFile;

    @Override
    String importPlan(PlanImport imports) throws IOException {
      return imports.fromHar(Files.readString(harFile, StandardCharsets.UTF_8), planName);
    }
  }

  /** {@code loadline import curl 'curl ...'}. */
  @Command(
      name = "curl",
      mixinStandardHelpOptions = true,
      description = "Makes a plan from one curl command, given as one quoted argument.")
  static final class Curl extends ImportOptions {

    @Parameters(
        index = "0",
        paramLabel = "COMMAND",
        description = "The command, quoted: 'curl -X POST -H \"A: b\" http://host/path'.")
    String command;

    @Override
    String importPlan(PlanImport imports) {
      return imports.fromCurl(command, planName);
    }
  }
}
