package io.loadline.spi;

import java.util.Map;

/**
 * Hands out data records, one per virtual-user iteration, under the strategy its configuration
 * names. Implementations must be thread-safe: every virtual user of a scenario shares one feeder.
 */
public interface Feeder extends AutoCloseable {

  /**
   * The next record: field name to value, read-only.
   *
   * @throws FeederExhaustedException when the strategy has no record left to give
   */
  Map<String, String> next();

  /**
   * The field names every record has, when known before the run (a CSV header); the engine uses
   * them to find undefined variables early. Empty when unknown, the default.
   */
  default java.util.Optional<java.util.Set<String>> fieldNames() {
    return java.util.Optional.empty();
  }

  @Override
  default void close() {}
}
