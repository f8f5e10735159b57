package io.loadline.engine;

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
}
