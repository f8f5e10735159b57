package io.loadline.engine;

import java.time.Duration;

/**
 * Nanosecond arithmetic that saturates at {@code Long.MIN_VALUE} and {@code Long.MAX_VALUE} instead
 * of wrapping or throwing, for the engine's deadlines: a huge duration from a plugin must mean "a
 * very long wait", never a deadline in the past or an {@link ArithmeticException} on a scheduler
 * thread. Stateless.
 */
final class SaturatingNanos {

  private SaturatingNanos() {}

  /** The duration in nanoseconds, or the nearest long when it does not fit. */
  static long of(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** {@code a + b}, or the nearest long when the sum does not fit. */
  static long add(long a, long b) {
    long sum = a + b;
    // Overflow happened when both operands have the sign the sum lacks.
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }
}
