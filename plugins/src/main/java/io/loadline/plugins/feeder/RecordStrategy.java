package io.loadline.plugins.feeder;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The order in which a {@link RecordFeeder} hands out its records: the setting {@code strategy}.
 */
public enum RecordStrategy {
  /** Every record in file order, then again from the first, forever. */
  CIRCULAR,
  /** Every record once, in file order; then the exhaustion policy applies. */
  QUEUE,
  /** A uniformly random record each time, with repeats; never exhausted. */
  RANDOM,
  /** Every record once in a random order (a permutation); then the exhaustion policy applies. */
  SHUFFLE;

  /** The name plans use, such as {@code circular}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the strategy gives each record once, so that it can be exhausted. */
  public boolean exhaustible() {
    return this == QUEUE || this == SHUFFLE;
  }

  /** Every label, in declaration order, for "must be one of" messages. */
  public static List<String> labels() {
    return Arrays.stream(values()).map(RecordStrategy::label).toList();
  }

  /** The strategy with this label, ignoring case and surrounding spaces. */
  public static Optional<RecordStrategy> fromLabel(String label) {
    String wanted = label.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.label().equals(wanted)).findFirst();
  }
}
