package io.loadline.web.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.web.Recordings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code loadline import har} and {@code loadline import curl} write a plan that runs as is. */
class ImportCliTest {

  @TempDir Path directory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void importHarPrintsAPlanThatTheRunCommandAccepts() throws Exception {
    Path har = Files.writeString(directory.resolve("visit.har"), Recordings.HAR);

    int exitCode = execute("import", "har", har.toString(), "--name", "cli visit");

    assertEquals(0, exitCode, err.toString());
    String yaml = out.toString();
    assertTrue(yaml.contains("name: cli visit"), yaml);
    assertTrue(yaml.contains("think: 2000ms"), yaml);
    assertTrue(yaml.contains("GET /home"), yaml);
  }

  @Test
  void importCurlWritesThePlanToTheOutputFile() throws Exception {
    Path plan = directory.resolve("curl.yaml");

    int exitCode =
        execute(
            "import",
            "curl",
            "curl -u ann:pw 'http://127.0.0.1:9/me' -H 'Accept: application/json'",
            "--output",
            plan.toString());

    assertEquals(0, exitCode, err.toString());
    String yaml = Files.readString(plan);
    assertTrue(yaml.contains("Authorization: Basic YW5uOnB3"), yaml);
    assertTrue(yaml.contains("url: http://127.0.0.1:9/me"), yaml);
  }

  @Test
  void aFileThatIsNotAHarExitsTwoWithTheReason() throws Exception {
    Path notHar = Files.writeString(directory.resolve("plan.har"), "{\"entries\": []}");

    int exitCode = execute("import", "har", notHar.toString());

    assertEquals(Main.EXIT_ERROR, exitCode);
    assertTrue(err.toString().contains("log.entries"), err.toString());
  }

  @Test
  void importCurlInItsOwnProcessLogsNoPluginLinesOnStderr() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path stderr = directory.resolve("stderr.txt");
    Process importing =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "import",
                "curl",
                "curl http://127.0.0.1:9/me")
            .redirectOutput(directory.resolve("stdout.txt").toFile())
            .redirectError(stderr.toFile())
            .start();

    assertTrue(importing.waitFor(60, TimeUnit.SECONDS), "import curl did not exit");
    assertEquals(0, importing.exitValue(), Files.readString(stderr));
    assertTrue(Files.readString(directory.resolve("stdout.txt")).contains("127.0.0.1:9/me"));
    String logged = Files.readString(stderr);
    assertTrue(
        logged.lines().noneMatch(line -> line.contains("PluginHost") || line.contains(" INFO ")),
        logged);
  }

  private int execute(String... arguments) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(arguments);
  }
}
