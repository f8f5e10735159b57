package io.loadline.engine.metrics;

import io.loadline.spi.Outcome;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * The ended requests of one scenario, per step: each request's outcome count and its corrected
 * latency are recorded together into one of two buffers, and a reader swaps the buffers, so what it
 * drains holds, for every step, exactly as many latencies as outcomes. The swap works like
 * HdrHistogram's {@code Recorder}: a {@link WriterReaderPhaser} lets the reader wait until the
 * writers of the old buffer are out, without a lock on the writers' path.
 *
 * <p>Thread-safety: {@link #record} from any thread, lock-free (wait-free but for the counters' own
 * contention); {@link #drain} by one reader at a time, under the owner's lock.
 */
public final class RequestRecorder {

  /** Receives one step's drained figures; the arguments are only valid during the call. */
  @FunctionalInterface
  public interface StepSink {
    /**
     * @param outcomes ended requests by {@link Outcome#ordinal()} since the last drain
     * @param latency their corrected latencies, as many as the outcomes sum to
     */
    void accept(int stepIndex, long[] outcomes, Histogram latency);
  }

  private final WriterReaderPhaser phaser = new WriterReaderPhaser();
  private final long[] scratchOutcomes = new long[OutcomeCounters.outcomeCount()];
  private volatile Buffer active;
  private Buffer inactive;

  public RequestRecorder(int stepCount) {
    this.active = new Buffer(stepCount);
    this.inactive = new Buffer(stepCount);
  }

  /** Records one ended request of step {@code stepIndex}; from any thread. */
  public void record(int stepIndex, Outcome outcome, long latencyNanos) {
    long micros = LatencyHistograms.toRecordedMicros(latencyNanos);
    long token = phaser.writerCriticalSectionEnter();
    try {
      active.record(stepIndex, outcome, micros);
    } finally {
      phaser.writerCriticalSectionExit(token);
    }
  }

  /** Hands what was recorded since the last drain to {@code sink}, step by step, in step order. */
  public void drain(StepSink sink) {
    phaser.readerLock();
    try {
      // Swap, then wait for the writers still in the old buffer; it is quiet once flipPhase
      // returns.
      Buffer drained = active;
      active = inactive;
      phaser.flipPhase();

      for (int step = 0; step < drained.latencies.length; step++) {
        for (int outcome = 0; outcome < scratchOutcomes.length; outcome++) {
          scratchOutcomes[outcome] = drained.outcomes[step][outcome].sumThenReset();
        }
        sink.accept(step, scratchOutcomes, drained.latencies[step]);
        drained.latencies[step].reset();
      }
      inactive = drained;
    } finally {
      phaser.readerUnlock();
    }
  }

  /** One side of the double buffer: per step, a counter per outcome and a latency histogram. */
  private static final class Buffer {
    private final LongAdder[][] outcomes;
    private final ConcurrentHistogram[] latencies;

    Buffer(int stepCount) {
      outcomes = new LongAdder[stepCount][OutcomeCounters.outcomeCount()];
      latencies = new ConcurrentHistogram[stepCount];
      for (int step = 0; step < stepCount; step++) {
        for (int outcome = 0; outcome < outcomes[step].length; outcome++) {
          outcomes[step][outcome] = new LongAdder();
        }
        latencies[step] = LatencyHistograms.newConcurrentHistogram();
      }
    }

    void record(int stepIndex, Outcome outcome, long micros) {
      outcomes[stepIndex][outcome.ordinal()].increment();
      latencies[stepIndex].recordValue(micros);
    }
  }
}
