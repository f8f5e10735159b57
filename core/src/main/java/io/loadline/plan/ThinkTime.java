package io.loadline.plan;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A pause of a virtual user between two steps ({@code think:} step): fixed ({@code think: 2s}),
 * uniform in a range ({@code think: {min: 1s, max: 3s}}) or gaussian ({@code think: {mean: 2s,
 * stddev: 500ms}}, never below zero). Immutable.
 *
 * @param first the fixed pause, the range's minimum or the mean
 * @param second zero, the range's maximum or the standard deviation
 */
public record ThinkTime(Kind kind, Duration first, Duration second) {

  /** How the pause is drawn. */
  public enum Kind {
    FIXED,
    UNIFORM,
    GAUSSIAN
  }

  public ThinkTime {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
  }

  /** Draws one pause, in nanoseconds. */
  public long sampleNanos(RandomGenerator random) {
    long firstNanos = first.toNanos();
    long secondNanos = second.toNanos();
    return switch (kind) {
      case FIXED -> firstNanos;
      case UNIFORM ->
          secondNanos <= firstNanos ? firstNanos : random.nextLong(firstNanos, secondNanos + 1);
      case GAUSSIAN -> Math.max(0, Math.round(firstNanos + random.nextGaussian() * secondNanos));
    };
  }
}
