package io.loadline.spi;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What happens when a feeder that gives each record once (a queue, a shuffle) has given them all:
 * the setting {@code onExhausted} of the built-in file feeders. Immutable.
 *
 * <p>{@link #RECYCLE} is the feeder's own business: it starts over and never throws. The other two
 * travel to the engine on {@link FeederExhaustedException#policy()}.
 */
public enum ExhaustionPolicy {
  /** The run ends in error, with the feeder's message: the default, and the only behaviour once. */
  STOP_RUN,
  /**
   * The virtual user that asked stops: a closed-model user iterates no more (the others go on); an
   * open-model arrival is dropped and counted as dropped.
   */
  STOP_USER,
  /** The feeder starts over: a queue from its first record, a shuffle with a new permutation. */
  RECYCLE;

  /** The name plans use, such as {@code stop-run}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Every label, in declaration order, for "must be one of" messages. */
  public static List<String> labels() {
    return Arrays.stream(values()).map(ExhaustionPolicy::label).toList();
  }

  /** The policy with this label, ignoring case and surrounding spaces. */
  public static Optional<ExhaustionPolicy> fromLabel(String label) {
    String wanted = label == null ? "" : label.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(p -> p.label().equals(wanted)).findFirst();
  }
}
