package io.loadline.web.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.web.Plans;
import io.loadline.web.demo.DemoTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loadline run} as a real process, sent SIGTERM (handled like Ctrl-C) mid-run: it still
 * prints the partial summary and writes the JUnit file before exiting 130.
 */
class RunInterruptProcessTest {

  /**
   * The plan's graceful stop (2 s) plus the output margin, plus JVM start and exit on a busy box.
   */
  private static final Duration EXIT_WITHIN = Duration.ofSeconds(30);

  @TempDir Path directory;

  private DemoTarget target;
  private Process run;

  @AfterEach
  void stop() throws InterruptedException {
    if (run != null && run.isAlive()) {
      run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  void sigtermMidRunPrintsThePartialSummaryWritesJUnitAndExits130() throws Exception {
    target = DemoTarget.start(0);
    Path plan =
        Files.writeString(
            directory.resolve("plan.yaml"),
            Plans.yaml("interrupted", target.baseUrl(), "20/s", "60s"));
    Path output = directory.resolve("output.txt");
    Path junit = directory.resolve("junit.xml");
    run = start(plan, output, junit);
    awaitServed(10);

    run.destroy(); // SIGTERM on Linux
    boolean exited = run.waitFor(EXIT_WITHIN.toSeconds(), TimeUnit.SECONDS);

    String printed = Files.readString(output);
    assertTrue(exited, "still running " + EXIT_WITHIN + " after SIGTERM:\n" + printed);
    assertEquals(130, run.exitValue(), printed + log());
    assertTrue(printed.contains("schedule stopped before its end after"), printed + log());
    assertTrue(printed.contains("scenario / step"), printed);
    String browseRow =
        printed.lines().filter(line -> line.startsWith("browse ")).findFirst().orElseThrow();
    assertTrue(browseRow.contains(" ms"), browseRow);
    assertTrue(Files.exists(junit), "the JUnit file is written\n" + printed);
    assertTrue(printed.contains("Result: CANCELLED (stopped before the schedule's end)"), printed);
    // The same reason a server stores for a run its user stopped, as docs/reports.md lists.
    String report = Files.readString(directory.resolve("reports").resolve("report.json"));
    assertTrue(report.contains("\"stopReason\" : \"stopped by user\""), report);
  }

  private Process start(Path plan, Path output, Path junit) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "run",
            plan.toString(),
            "--no-progress",
            "--plugins-dir",
            directory.resolve("no-plugins").toString(),
            "--junit",
            junit.toString(),
            "--report-dir",
            directory.resolve("reports").toString());
    builder.redirectOutput(output.toFile());
    builder.redirectError(directory.resolve("run.log").toFile());
    return builder.start();
  }

  /** Waits until the target has served some of the run's requests: the run is under way. */
  private void awaitServed(long requests) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (target.requestsServed() < requests) {
      if (System.nanoTime() > deadline || !run.isAlive()) {
        throw new AssertionError("the run never got going:\n" + log());
      }
      Thread.sleep(100);
    }
  }

  private String log() throws IOException {
    Path log = directory.resolve("run.log");
    return "\nlog:\n" + (Files.exists(log) ? Files.readString(log) : "(none)");
  }
}
