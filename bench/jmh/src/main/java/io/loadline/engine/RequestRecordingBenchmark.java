package io.loadline.engine;

import io.loadline.spi.Outcome;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the engine's figures cost per request, on the thread that ends it (for HTTP, a selector
 * thread): {@link ScenarioMetrics#recordSent} when the request is handed over, then {@link
 * ScenarioMetrics#recordRequest} when it ends (the in-flight count, the outcome counter, and the
 * latency and service-time recorders). In the package of the class, which is package-private.
 *
 * <p>Latencies are drawn beforehand from 1 ms to 1 s, so the recorders' buckets vary as in a run.
 * The scenario's figures are shared by all threads, as in a run: the two-thread figure shows what
 * contention on the counters and recorders adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestRecordingBenchmark {

  private static final int LATENCY_COUNT = 4096;

  private final ScenarioMetrics metrics = new ScenarioMetrics(List.of("home", "search", "buy"));
  private final long[] latencyNanos = new long[LATENCY_COUNT];

  /** Each thread's own walk through the latencies and steps. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Setup
  public void drawLatencies() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < LATENCY_COUNT; i++) {
      latencyNanos[i] = random.nextLong(TimeUnit.MILLISECONDS.toNanos(1), 1_000_000_000L);
    }
  }

  @Benchmark
  public void sendAndEndOneRequest(Cursor cursor) {
    record(cursor);
  }

  @Benchmark
  @Threads(2)
  public void sendAndEndOneRequestOnTwoThreads(Cursor cursor) {
    record(cursor);
  }

  private void record(Cursor cursor) {
    int index = cursor.next++ & (LATENCY_COUNT - 1);
    long latency = latencyNanos[index];
    metrics.recordSent();
    metrics.recordRequest(index % 3, Outcome.SUCCESS, latency, latency - 1_000);
  }
}
