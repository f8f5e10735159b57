package io.loadline.plugins.random;

import io.loadline.spi.Feeder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates a fresh record on every call from declared {@link RandomField}s; never exhausted.
 *
 * <p>Thread-safe and lock-free: each call takes a draw number from one {@link AtomicLong} and
 * generates its record from a random source seeded by the feeder's seed and that number alone. So a
 * seeded feeder gives the same sequence of records in every run (which user gets which draw still
 * depends on timing).
 */
final class RandomFeeder implements Feeder {

  /** The odd constant of SplitMix64, spreading consecutive draws over the whole 64-bit range. */
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private final Map<String, RandomField> fields;
  private final long seed;
  private final AtomicLong draws = new AtomicLong();

  /**
   * @param fields field name to generator, in the order records list them; at least one
   * @param seed the seed of every draw
   */
  RandomFeeder(Map<String, RandomField> fields, long seed) {
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    this.seed = seed;
  }

  @Override
  public Map<String, String> next() {
    SplittableRandom random =
        new SplittableRandom(mix(seed + draws.getAndIncrement() * GOLDEN_GAMMA));
    Map<String, String> record = new LinkedHashMap<>();
    fields.forEach((name, field) -> record.put(name, field.generate(random)));
    return Collections.unmodifiableMap(record);
  }

  @Override
  public Optional<Set<String>> fieldNames() {
    return Optional.of(fields.keySet());
  }

  /** The SplitMix64 finaliser, so the random sources of consecutive draws do not overlap. */
  private static long mix(long value) {
    long z = value;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public String toString() {
    return "RandomFeeder[" + fields.keySet() + "]";
  }
}
