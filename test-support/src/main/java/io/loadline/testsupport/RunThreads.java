package io.loadline.testsupport;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Checks, for tests, that the threads of a run (named by prefix, such as {@code loadline-}) have
 * ended. Stateless; reads the JVM's live threads.
 */
public final class RunThreads {

  private RunThreads() {}

  /** The names of the live threads whose names start with one of {@code prefixes}. */
  public static List<String> alive(String... prefixes) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> Arrays.stream(prefixes).anyMatch(name::startsWith))
        .sorted()
        .toList();
  }

  /**
   * Waits at most {@code maxWait} for every thread whose name starts with one of {@code prefixes}
   * to end; throws an {@link AssertionError} naming the survivors otherwise. A zero wait checks
   * once, now.
   */
  public static void assertNoneSurvive(Duration maxWait, String... prefixes)
      throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    List<String> survivors = alive(prefixes);
    while (!survivors.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      survivors = alive(prefixes);
    }
    if (!survivors.isEmpty()) {
      throw new AssertionError("threads of the run still alive: " + survivors);
    }
  }
}
