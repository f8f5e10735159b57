package io.loadline.plugins.csv;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The order in which a {@link CsvFeeder} hands out its records. */
enum CsvStrategy {
  /** Every record in file order, then again from the first, forever. */
  CIRCULAR,
  /** Every record once, in file order; then the feeder is exhausted. */
  QUEUE,
  /** A uniformly random record each time, with repeats. */
  RANDOM;

  /** The name plans use, such as {@code circular}. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every label, in declaration order, for "must be one of" messages. */
  static List<String> labels() {
    return Arrays.stream(values()).map(CsvStrategy::label).toList();
  }

  /** The strategy with this label, ignoring case and surrounding spaces. */
  static Optional<CsvStrategy> fromLabel(String label) {
    String wanted = label.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.label().equals(wanted)).findFirst();
  }
}
