package io.loadline.engine.metrics;

import io.loadline.spi.Outcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts ended requests by {@link Outcome}. Thread-safe and cheap under contention (one {@link
 * LongAdder} per outcome); reads are sums, so they are exact once writers have stopped.
 */
public final class OutcomeCounters {

  private static final Outcome[] OUTCOMES = Outcome.values();

  private final LongAdder[] counts = new LongAdder[OUTCOMES.length];

  public OutcomeCounters() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /** Counts one request that ended with {@code outcome}. */
  public void record(Outcome outcome) {
    counts[outcome.ordinal()].increment();
  }

  /** How many requests ended with {@code outcome}. */
  public long count(Outcome outcome) {
    return counts[outcome.ordinal()].sum();
  }

  /** Every ended request, successes and failures. */
  public long total() {
    long total = 0;
    for (LongAdder count : counts) {
      total += count.sum();
    }
    return total;
  }

  /** Adds this counter's figures to {@code totals}, indexed by {@link Outcome#ordinal()}. */
  public void addTo(long[] totals) {
    for (int i = 0; i < counts.length; i++) {
      totals[i] += counts[i].sum();
    }
  }

  /**
   * Failures by {@link Outcome#label()} from totals indexed by {@link Outcome#ordinal()}. Every
   * failure kind is present, with 0 when none happened, so consumers never meet a missing key.
   */
  public static Map<String, Long> failuresByKind(long[] totals) {
    Map<String, Long> failures = new LinkedHashMap<>();
    for (Outcome outcome : OUTCOMES) {
      if (!outcome.isSuccess()) {
        failures.put(outcome.label(), totals[outcome.ordinal()]);
      }
    }
    return failures;
  }

  /** The number of outcomes: the length of a totals array. */
  public static int outcomeCount() {
    return OUTCOMES.length;
  }
}
