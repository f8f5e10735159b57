package io.loadline.web.cli;

import io.loadline.plan.Plan;
import io.loadline.plan.PlanValidationException;
import io.loadline.run.RunRecord;
import io.loadline.spi.ConfigProblem;
import io.loadline.store.StoredPlan;
import io.loadline.web.LoadlineServer;
import io.loadline.web.ServerConfig;
import io.loadline.web.demo.DemoTarget;
import io.loadline.web.ops.OperationsSettings;
import io.loadline.web.security.SecurityConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code loadline serve}: the server with its dashboard and API, until SIGTERM or Ctrl-C, which
 * stop it gracefully (see {@link GracefulShutdown}). Options override the {@code LOADLINE_*}
 * environment variables, which override the defaults.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Starts the server: dashboard, REST API, runs kept in the database.")
final class ServeCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "HTTP port (default: $LOADLINE_PORT or 8080).")
  private Integer port;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Address to listen on (default: $LOADLINE_HOST or 127.0.0.1).")
  private String host;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Database and feeder files (default: $LOADLINE_DATA_DIR or ./data).")
  private Path dataDirectory;

  @Option(
      names = "--plugins-dir",
      paramLabel = "DIR",
      description = "Plugin jars to load (default: $LOADLINE_PLUGINS_DIR or ./plugins).")
  private Path pluginsDirectory;

  @Option(names = "--demo", description = "Also start the demo target on 127.0.0.1.")
  private boolean demo;

  @Option(
      names = "--demo-port",
      paramLabel = "PORT",
      defaultValue = "" + DemoTarget.DEFAULT_PORT,
      description = "The demo target's port (default: ${DEFAULT-VALUE}).")
  private int demoPort;

  @Option(
      names = "--run",
      paramLabel = "PLAN_FILE",
      description = "Import this plan (or reuse the stored one with the same source) and run it.")
  private Path runPlanFile;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Ports.check(spec, "--port", port);
    Ports.check(spec, "--demo-port", demoPort);
    String portMismatch = demoPortMismatch();
    if (portMismatch != null) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("loadline serve: " + portMismatch);
      err.flush();
      return Main.EXIT_ERROR;
    }
    ServerConfig config = config();
    DemoTarget demoTarget = demo ? DemoTarget.start(demoPort) : null;
    if (demoTarget != null) {
      out.println("Demo target listening on " + demoTarget.baseUrl());
    }
    LoadlineServer server =
        LoadlineServer.create(
            config,
            SecurityConfig.fromEnvironment(System.getenv()),
            OperationsSettings.fromEnvironment(System.getenv()),
            System.out);
    try {
      server.start();
    } catch (RuntimeException notListening) {
      // Closing also frees the database; the first admin was already rolled back by start().
      server.close();
      if (demoTarget != null) {
        demoTarget.close();
      }
      throw notListening;
    }
    out.println("Loadline dashboard: " + server.baseUrl() + "/");
    out.flush();
    Runnable shutdown =
        () -> {
          try {
            server.close();
          } finally {
            if (demoTarget != null) {
              demoTarget.close();
            }
          }
        };
    if (runPlanFile != null && !startRun(server, out)) {
      shutdown.run();
      return Main.EXIT_ERROR;
    }
    GracefulShutdown.Outcome outcome = new GracefulShutdown(shutdown).install().awaitShutdown();
    if (!outcome.completed()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("loadline: " + outcome.problem());
      err.flush();
    }
    return outcome.exitCode();
  }

  /**
   * Why {@code --demo --run PLAN} must not start, or null: a plan calling the demo target's default
   * port (such as examples/quickstart.yaml) while {@code --demo-port} moved the demo target
   * elsewhere would see every request fail with connect_error and nothing would say why. The check
   * reads the plan's text, so it also catches the port in a URL built from variables only when the
   * literal host and port are written.
   */
  private String demoPortMismatch() {
    if (!demo || runPlanFile == null || demoPort == DemoTarget.DEFAULT_PORT) {
      return null;
    }
    String source = PlanFiles.read(runPlanFile);
    String defaultAddress = "127.0.0.1:" + DemoTarget.DEFAULT_PORT;
    if (!source.contains("//" + defaultAddress)
        && !source.contains("//localhost:" + DemoTarget.DEFAULT_PORT)) {
      return null;
    }
    return "the plan "
        + runPlanFile
        + " sends its requests to "
        + defaultAddress
        + " (the demo target's default port), but --demo-port starts the demo target on "
        + demoPort
        + ". Change the plan's URLs to 127.0.0.1:"
        + demoPort
        + ", or leave out --demo-port.";
  }

  private boolean startRun(LoadlineServer server, PrintWriter out) {
    return startRun(server, runPlanFile, out, spec.commandLine().getErr());
  }

  /**
   * Stores the plan (or reuses the stored one with the same source) and starts it, after the same
   * target allow-list check a save through the API gets; prints why when it does not start.
   *
   * @return false when the plan is invalid or aimed outside the allow-list: nothing was stored
   */
  static boolean startRun(LoadlineServer server, Path planFile, PrintWriter out, PrintWriter err) {
    try {
      String source = PlanFiles.read(planFile);
      Plan plan = server.planReader().read(source);
      List<ConfigProblem> refusals = server.security().planPolicy().consoleRefusals(plan);
      if (!refusals.isEmpty()) {
        err.println(
            "loadline serve: the plan "
                + planFile
                + " is refused by the server's security settings; nothing was stored or run:");
        for (ConfigProblem refusal : refusals) {
          err.println("  " + refusal.path() + ": " + refusal.message());
        }
        err.flush();
        return false;
      }
      StoredPlan stored = PlanFiles.importOrReuse(server.plans(), planFile, source, plan);
      RunRecord run = server.runs().start(stored.id());
      out.println(
          "Run #"
              + run.id()
              + " of '"
              + stored.name()
              + "': "
              + server.baseUrl()
              + "/runs/"
              + run.id());
      out.flush();
      return true;
    } catch (PlanValidationException invalid) {
      PlanFiles.printProblems(err, planFile, invalid.problems());
      return false;
    }
  }

  private ServerConfig config() {
    ServerConfig config = ServerConfig.fromEnvironment(System.getenv());
    if (port != null) {
      config = config.withPort(port);
    }
    if (host != null) {
      config = config.withBindHost(host);
    }
    if (dataDirectory != null) {
      config = config.withDataDirectory(dataDirectory);
    }
    if (pluginsDirectory != null) {
      config = config.withPluginsDirectory(pluginsDirectory);
    }
    return config;
  }
}
