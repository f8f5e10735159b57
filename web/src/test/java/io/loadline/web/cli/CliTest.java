package io.loadline.web.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.web.Plans;
import io.loadline.web.demo.DemoTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {

  @TempDir static Path directory;

  private static DemoTarget target;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void startTarget() {
    target = DemoTarget.start(0);
  }

  @AfterAll
  static void stopTarget() {
    target.close();
  }

  @Test
  void runningAValidPlanPrintsProgressAndTheSummaryAndExitsZero() throws Exception {
    Path plan = write("valid.yaml", Plans.yaml("cli-run", target.baseUrl(), "20/s", "2s"));
    long servedBefore = target.requestsServed();

    int exitCode = execute("run", plan.toString(), "--plugins-dir", directory.toString());

    assertEquals(0, exitCode, err.toString());
    String printed = out.toString();
    assertTrue(printed.contains("requests"), printed);
    assertTrue(printed.contains("Run of 'cli-run': schedule completed after "), printed);
    assertTrue(printed.contains("scenario / step"), printed);
    assertTrue(printed.contains("p95"), printed);
    // Columns are as wide as their widest cell, so only the order of the headings is fixed.
    assertTrue(Pattern.compile(" p95 .* svc p95 +lag p99\\n").matcher(printed).find(), printed);
    assertTrue(printed.contains("p50 to min: latency from each request's intended start"), printed);
    long served = target.requestsServed() - servedBefore;
    assertTrue(served >= 38 && served <= 42, "served " + served);
    String browseRow =
        printed.lines().filter(line -> line.startsWith("browse ")).findFirst().orElseThrow();
    assertTrue(browseRow.contains(" " + served + " "), browseRow);
  }

  @Test
  void anInvalidPlanPrintsEveryProblemAndExitsTwo() throws Exception {
    Path plan = write("invalid.yaml", Plans.withThreeMistakes());

    int exitCode = execute("run", plan.toString(), "--plugins-dir", directory.toString());

    assertEquals(2, exitCode);
    String printed = err.toString();
    assertTrue(printed.contains("is invalid"), printed);
    assertTrue(printed.contains("  name: "), printed);
    assertTrue(printed.contains("  scenarios[0].load.rate: "), printed);
    assertTrue(printed.contains("  scenarios[0].steps[0].request.url: "), printed);
  }

  @Test
  void aRunThatEndsInErrorExitsNonZero() throws Exception {
    // A queue feeder with two records cannot feed ten arrivals: the engine ends the run in ERROR.
    write("two-users.csv", "id\n1\n2\n");
    String source =
        """
        name: runs-dry
        gracefulStop: 1s
        scenarios:
          - name: browse
            load: {model: constant, rate: 10/s, duration: 1s}
            feeder: {type: csv, file: two-users.csv, strategy: queue}
            steps:
              - request: {method: GET, url: "%s/fast?user={{id}}"}
        """
            .formatted(target.baseUrl());
    Path plan = write("runs-dry.yaml", source);

    int exitCode = execute("run", plan.toString(), "--plugins-dir", directory.toString());

    assertNotEquals(0, exitCode, out.toString());
    assertEquals(2, exitCode);
    assertTrue(out.toString().contains("': ended in error after "), out.toString());
    assertTrue(err.toString().contains("ran out of feeder records"), err.toString());
  }

  @Test
  void aMissingPlanFileIsAnErrorThatNamesIt() {
    int exitCode = execute("run", directory.resolve("nowhere.yaml").toString());

    assertEquals(2, exitCode);
    assertTrue(err.toString().contains("nowhere.yaml"), err.toString());
  }

  @Test
  void helpListsTheCommands() {
    int exitCode = execute("--help");

    assertEquals(0, exitCode);
    assertTrue(out.toString().contains("serve"));
    assertTrue(out.toString().contains("run"));
    assertTrue(out.toString().contains("demo-target"));
  }

  private int execute(String... arguments) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(arguments);
  }

  private static Path write(String name, String content) throws Exception {
    return Files.writeString(directory.resolve(name), content);
  }
}
