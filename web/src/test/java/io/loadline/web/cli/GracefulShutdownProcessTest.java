package io.loadline.web.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.web.Plans;
import io.loadline.web.TestServer;
import io.loadline.web.demo.DemoTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loadline serve} as a real process, stopped by SIGTERM in the middle of a run: it exits 0
 * within the run's graceful stop plus the shutdown margin, and its SQLite file holds the run
 * CANCELLED with reason shutdown and the series it had recorded.
 */
class GracefulShutdownProcessTest {

  /** The plan's graceful stop (2 s) plus RunService's margin (5 s), plus JVM exit on a busy box. */
  private static final Duration EXIT_WITHIN = Duration.ofSeconds(25);

  @TempDir Path dataDirectory;

  private DemoTarget target;
  private Process server;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null && server.isAlive()) {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  void sigtermMidRunCancelsTheRunWithReasonShutdownKeepsItsSeriesAndExitsZero() throws Exception {
    target = DemoTarget.start(0);
    Path plan = dataDirectory.resolve("plan.yaml");
    Files.writeString(plan, Plans.yaml("sigterm", target.baseUrl(), "20/s", "60s"));
    server = startServer(plan);
    BlockingQueue<String> output = readLines(server);
    String runLine = awaitLine(output, "Run #");
    Path database = dataDirectory.resolve("loadline.db");
    long seriesBeforeStop = awaitSeriesRows(database, 2);

    long signalledAt = System.nanoTime();
    server.destroy(); // SIGTERM on Linux
    boolean exited = server.waitFor(EXIT_WITHIN.toSeconds(), TimeUnit.SECONDS);

    assertTrue(exited, "still running " + EXIT_WITHIN + " after SIGTERM; " + runLine);
    assertEquals(0, server.exitValue(), logs());
    assertTrue(Duration.ofNanos(System.nanoTime() - signalledAt).compareTo(EXIT_WITHIN) < 0);
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement();
        ResultSet run =
            statement.executeQuery(
                "SELECT state, stop_reason, ended_at, summary_json,"
                    + " (SELECT count(*) FROM run_series WHERE run_id = runs.id) AS series"
                    + " FROM runs WHERE id = 1")) {
      assertTrue(run.next(), "run 1 is stored");
      assertEquals("CANCELLED", run.getString("state"));
      assertEquals("shutdown", run.getString("stop_reason"));
      assertNotNull(run.getObject("ended_at"));
      assertTrue(run.getString("summary_json").contains("\"requests\""));
      assertTrue(run.getLong("series") >= seriesBeforeStop, "series kept up to the stop");
    }
  }

  private Process startServer(Path plan) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--data-dir",
            dataDirectory.toString(),
            "--plugins-dir",
            dataDirectory.resolve("no-plugins").toString(),
            "--run",
            plan.toString());
    builder.environment().put("LOADLINE_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
    builder.environment().put("LOADLINE_JWT_SECRET", TestServer.JWT_SECRET);
    builder.redirectError(dataDirectory.resolve("server.log").toFile());
    return builder.start();
  }

  private static BlockingQueue<String> readLines(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader output =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                output.lines().forEach(lines::add);
              } catch (IOException ended) {
                // The process went away; the test reports what it saw.
              }
            },
            "server-stdout");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private String awaitLine(BlockingQueue<String> lines, String start) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith(start)) {
        return line;
      }
      if (line == null && !server.isAlive()) {
        break;
      }
    }
    throw new AssertionError("no line starting '" + start + "'; server log:\n" + logs());
  }

  private long awaitSeriesRows(Path database, long rows) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    long seen = 0;
    while (System.nanoTime() < deadline) {
      seen = seriesRows(database);
      if (seen >= rows) {
        return seen;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("only " + seen + " series rows; server log:\n" + logs());
  }

  private static long seriesRows(Path database) {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement();
        ResultSet count = statement.executeQuery("SELECT count(*) FROM run_series")) {
      return count.next() ? count.getLong(1) : 0;
    } catch (SQLException notYet) {
      return 0; // the server has not created the schema yet
    }
  }

  private String logs() throws IOException {
    Path log = dataDirectory.resolve("server.log");
    return Files.exists(log) ? Files.readString(log) : "(no log)";
  }
}
