package io.loadline.engine.metrics;

import io.loadline.spi.Outcome;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Helpers for counts of ended requests by {@link Outcome}, kept as arrays indexed by {@link
 * Outcome#ordinal()} (the counting itself is {@link RequestRecorder}'s). Stateless.
 */
public final class OutcomeCounters {

  private static final Outcome[] OUTCOMES = Outcome.values();

  private OutcomeCounters() {}

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
