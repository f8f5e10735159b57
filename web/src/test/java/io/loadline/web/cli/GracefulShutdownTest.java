package io.loadline.web.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.web.Directories;
import io.loadline.web.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit status {@code serve} gets from the shutdown of a real server. */
class GracefulShutdownTest {

  @TempDir Path dataDirectory;

  @Test
  void aShutdownThatClosesTheDatabaseEndsWithExitStatusZero() throws Exception {
    TestServer test = TestServer.start(dataDirectory);
    GracefulShutdown shutdown = new GracefulShutdown(test.server::close);

    shutdown.shutDownNow();
    GracefulShutdown.Outcome outcome = shutdown.awaitShutdown();

    assertTrue(outcome.completed(), outcome.problem());
    assertEquals(Main.EXIT_OK, outcome.exitCode());
  }

  @Test
  void aShutdownThatCannotCloseTheDatabaseEndsWithExitStatusTwoAndSaysSo() throws Exception {
    TestServer test = TestServer.start(dataDirectory);
    // Closing checkpoints the database through a new connection, which needs the file's directory.
    Directories.deleteRecursively(dataDirectory);
    GracefulShutdown shutdown = new GracefulShutdown(test.server::close);

    shutdown.shutDownNow();
    GracefulShutdown.Outcome outcome = shutdown.awaitShutdown();

    assertFalse(outcome.completed());
    assertEquals(Main.EXIT_ERROR, outcome.exitCode());
    assertTrue(
        outcome.problem().contains("final state may not be saved in the database"),
        outcome.problem());
  }
}
