package io.loadline.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A run the engine is executing. Thread-safe: any thread may stop it or read its figures. */
public interface RunningTest {

  /** When the engine started the run. */
  Instant startedAt();

  /**
   * Asks the run to stop: no new arrivals; in-flight requests get the graceful stop. Returns at
   * once; {@link #completion()} completes when everything has ended. Idempotent.
   */
  void stop();

  /** The figures so far. */
  RunSummary liveSummary();

  /**
   * Copies of the cumulative latency histograms so far, per scenario and step; {@link
   * RunHistograms#EMPTY} from an engine that keeps none.
   */
  default RunHistograms cumulativeHistograms() {
    return RunHistograms.EMPTY;
  }

  /** Completes once the schedulers and every in-flight request have ended. */
  CompletableFuture<RunResult> completion();

  /**
   * Waits, at most {@code maxWait}, until every thread the run started has ended (the run's end is
   * reported on one of them, so {@link #completion()} completes a little before); returns whether
   * they all have. An engine that starts no thread of its own returns true at once.
   */
  default boolean awaitThreadsEnded(Duration maxWait) throws InterruptedException {
    return true;
  }
}
