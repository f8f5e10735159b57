package io.loadline.plugins.feeder;

import io.loadline.spi.ExhaustionPolicy;
import io.loadline.spi.Feeder;
import io.loadline.spi.FeederExhaustedException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands out records loaded before the run under a {@link RecordStrategy} and an {@link
 * ExhaustionPolicy}: the runtime of every file feeder ({@code csv}, {@code json}).
 *
 * <p>Thread-safe and lock-free. Each call takes the next draw number from one {@link AtomicLong};
 * the record follows from the draw number alone: {@code draw mod n} for circular and queue, a hash
 * of seed and draw for random, and for shuffle position {@code draw mod n} of the permutation of
 * pass {@code draw / n}, a Fisher-Yates shuffle seeded by seed and pass. So each record is given
 * exactly once per pass whatever the threads do, and a seeded feeder gives the same sequence of
 * records in every run (which user gets which draw still depends on timing). The permutation of the
 * current pass is cached; a thread still on an older pass recomputes that one.
 *
 * <p>Known limits: the records and a shuffle's permutation (4 bytes a record) are held in memory.
 */
public final class RecordFeeder implements Feeder {

  /** The odd constant of SplitMix64, spreading consecutive draws over the whole 64-bit range. */
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private final List<Map<String, String>> records;
  private final FeederOptions options;
  private final String source;
  private final Set<String> fieldNames;
  private final AtomicLong draws = new AtomicLong();
  private final AtomicReference<Pass> cachedPass = new AtomicReference<>();

  /**
   * @param records at least one record, each read-only
   * @param options strategy, exhaustion policy and seed
   * @param source what the records come from, for messages, such as {@code json file 'a.json'}
   */
  public RecordFeeder(List<Map<String, String>> records, FeederOptions options, String source) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("a feeder needs at least one record");
    }
    this.records = List.copyOf(records);
    this.options = options;
    this.source = source;
    this.fieldNames = commonFieldNames(this.records);
  }

  @Override
  public Map<String, String> next() {
    long draw = draws.getAndIncrement();
    int size = records.size();
    int index =
        switch (options.strategy()) {
          case CIRCULAR -> (int) (draw % size);
          case QUEUE -> (int) (checkedDraw(draw) % size);
          case RANDOM ->
              (int) Long.remainderUnsigned(mix(options.seed() + draw * GOLDEN_GAMMA), size);
          case SHUFFLE -> permutation(checkedDraw(draw) / size)[(int) (draw % size)];
        };
    return records.get(index);
  }

  /** The draw itself, unless it is past the last record and the policy does not recycle. */
  private long checkedDraw(long draw) {
    if (draw >= records.size() && options.onExhausted() != ExhaustionPolicy.RECYCLE) {
      throw new FeederExhaustedException(
          "the "
              + source
              + " gave all its "
              + records.size()
              + " records once (strategy "
              + options.strategy().label()
              + ")"
              // The advice is for a run this ends; under stop-user the plan already chose it.
              + (options.onExhausted() == ExhaustionPolicy.STOP_RUN
                  ? "; add records, or set onExhausted to recycle or stop-user"
                  : ""),
          options.onExhausted());
    }
    return draw;
  }

  private int[] permutation(long passNumber) {
    Pass cached = cachedPass.get();
    if (cached != null && cached.number() == passNumber) {
      return cached.order();
    }
    Pass computed = new Pass(passNumber, shuffledOrder(passNumber));
    // Passes only move forward; losing this race means another thread installed the same or later.
    if (cached == null || cached.number() < passNumber) {
      cachedPass.compareAndSet(cached, computed);
    }
    return computed.order();
  }

  private int[] shuffledOrder(long passNumber) {
    SplittableRandom random =
        new SplittableRandom(mix(options.seed() ^ (passNumber * GOLDEN_GAMMA)));
    int[] order = new int[records.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int kept = order[i];
      order[i] = order[j];
      order[j] = kept;
    }
    return order;
  }

  /** The SplitMix64 finaliser: a bijective scramble of 64 bits. */
  private static long mix(long value) {
    long z = value;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The names every record has, in the first record's order. */
  @Override
  public Optional<Set<String>> fieldNames() {
    return Optional.of(fieldNames);
  }

  private static Set<String> commonFieldNames(List<Map<String, String>> records) {
    Set<String> common = new LinkedHashSet<>(records.getFirst().keySet());
    for (Map<String, String> record : records) {
      common.retainAll(record.keySet());
    }
    return Collections.unmodifiableSet(common);
  }

  /** The number of records loaded. */
  public int size() {
    return records.size();
  }

  /** The hand-out settings. */
  public FeederOptions options() {
    return options;
  }

  @Override
  public String toString() {
    return "RecordFeeder["
        + source
        + ", "
        + records.size()
        + " records, "
        + options.strategy().label()
        + ", onExhausted "
        + options.onExhausted().label()
        + "]";
  }

  /** A pass of a shuffle and its permutation of record indexes; the array is never modified. */
  private record Pass(long number, int[] order) {}
}
