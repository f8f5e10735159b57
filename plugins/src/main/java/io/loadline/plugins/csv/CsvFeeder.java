package io.loadline.plugins.csv;

import io.loadline.spi.Feeder;
import io.loadline.spi.FeederExhaustedException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out the records of one CSV file under a {@link CsvStrategy}. Thread-safe and lock-free: the
 * records are an immutable list of immutable maps loaded before the run, and the position is one
 * {@link AtomicLong}, so every virtual user of a scenario shares one feeder without blocking.
 */
final class CsvFeeder implements Feeder {

  private final List<Map<String, String>> records;
  private final CsvStrategy strategy;
  private final String fileName;
  private final AtomicLong nextIndex = new AtomicLong();

  /**
   * @param records at least one record, already immutable
   * @param strategy the order of hand-out
   * @param fileName the file's name relative to the data directory, for messages
   */
  CsvFeeder(List<Map<String, String>> records, CsvStrategy strategy, String fileName) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("a csv feeder needs at least one record");
    }
    this.records = List.copyOf(records);
    this.strategy = strategy;
    this.fileName = fileName;
  }

  @Override
  public Map<String, String> next() {
    return switch (strategy) {
      case CIRCULAR ->
          records.get((int) Math.floorMod(nextIndex.getAndIncrement(), records.size()));
      case QUEUE -> nextInQueue();
      case RANDOM -> records.get(ThreadLocalRandom.current().nextInt(records.size()));
    };
  }

  private Map<String, String> nextInQueue() {
    long index = nextIndex.getAndIncrement();
    if (index >= records.size()) {
      throw new FeederExhaustedException(
          "The csv feeder gave all "
              + records.size()
              + " records of '"
              + fileName
              + "' once (strategy queue); add rows or use strategy circular or random");
    }
    return records.get((int) index);
  }

  /** The header's fields: every record has them all. */
  @Override
  public java.util.Optional<java.util.Set<String>> fieldNames() {
    return java.util.Optional.of(records.getFirst().keySet());
  }

  /** The number of records loaded. */
  int size() {
    return records.size();
  }

  @Override
  public String toString() {
    return "CsvFeeder[" + fileName + ", " + records.size() + " records, " + strategy.label() + "]";
  }
}
