package io.loadline.web.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Mistakes on the command line get a message that says what to fix, and exit code 2. */
class CliMessagesTest {

  @TempDir Path directory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void aPortOutOfRangeIsAUsageErrorNotAnException() {
    int exitCode = execute("demo-target", "--port", "70000");

    assertEquals(2, exitCode);
    assertTrue(err.toString().contains("--port must be a port from 1 to 65535"), err.toString());
    assertFalse(err.toString().contains("Exception"), err.toString());
  }

  @Test
  void noCommandPrintsTheUsageAndExitsTwo() {
    int exitCode = execute();

    assertEquals(2, exitCode);
    assertTrue(err.toString().contains("Usage: loadline"), err.toString());
    assertTrue(err.toString().contains("name a command"), err.toString());
  }

  @Test
  void adminWithoutASubcommandPrintsItsUsageAndExitsTwo() {
    int exitCode = execute("admin");

    assertEquals(2, exitCode);
    assertTrue(err.toString().contains("reset-password"), err.toString());
  }

  @Test
  void helpShowsEverySubcommandsWholeDescription() {
    int exitCode = execute("--help");

    assertEquals(0, exitCode);
    String help = out.toString().replaceAll("\\s+", " ");
    assertTrue(help.contains("GET /fast, GET /delay/{millis}, GET /status/{code}"), help);
    assertTrue(help.contains("130 stopped by Ctrl-C."), help);
    assertTrue(help.contains("2 error (unknown run, run still active, server unreachable)"), help);
    assertTrue(help.contains("reset-password recovers an account"), help);
  }

  @Test
  void aMissingDataDirectoryIsNamedAsMissing() throws Exception {
    Path plan = Files.writeString(directory.resolve("plan.yaml"), "name: never-runs\n");
    Path missing = directory.resolve("nonexistent");

    int exitCode = execute("run", plan.toString(), "--data-dir", missing.toString());

    assertEquals(2, exitCode);
    assertTrue(err.toString().contains(missing + " does not exist"), err.toString());
  }

  @Test
  void serveRefusesAQuickstartPlanThatCallsTheDefaultDemoPortWhenTheDemoRunsElsewhere() {
    Path quickstart = Path.of("..", "examples", "quickstart.yaml");

    int exitCode =
        execute(
            "serve",
            "--port",
            "0",
            "--data-dir",
            directory.toString(),
            "--demo",
            "--demo-port",
            "18181",
            "--run",
            quickstart.toString());

    assertEquals(2, exitCode);
    String message = err.toString();
    assertTrue(message.contains("sends its requests to 127.0.0.1:8081"), message);
    assertTrue(message.contains("starts the demo target on 18181"), message);
    assertTrue(message.contains("Change the plan's URLs to 127.0.0.1:18181"), message);
    assertFalse(out.toString().contains("Demo target listening"), out.toString());
  }

  private int execute(String... arguments) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(arguments);
  }
}
