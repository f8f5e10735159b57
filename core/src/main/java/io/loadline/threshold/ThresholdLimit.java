package io.loadline.threshold;

/**
 * The right-hand side of a threshold: a fixed value in the metric's unit, or a factor of the same
 * figure in the plan's baseline run. Immutable.
 */
public sealed interface ThresholdLimit {

  /** A value in the metric's reporting unit (ms, %, per second or a count). */
  record Fixed(double value) implements ThresholdLimit {}

  /** {@code baseline * factor}: the baseline run's observed value times the factor. */
  record RelativeToBaseline(double factor) implements ThresholdLimit {}
}
