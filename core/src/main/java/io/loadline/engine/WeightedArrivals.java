package io.loadline.engine;

import io.loadline.spi.ArrivalCursor;
import io.loadline.spi.ArrivalSchedule;
import java.time.Duration;
import java.util.List;

/**
 * One scenario's share of an arrival stream that several scenarios share by weight (the plan-level
 * {@code load}): with weights 3 and 1, the first scenario gets 3 of every 4 arrivals and the second
 * the fourth. The split is a smooth weighted round-robin, so it is deterministic and even at every
 * scale: after any n arrivals, each share is within one arrival of its exact fraction of n.
 *
 * <p>Each share walks the whole shared stream with its own copy of the round-robin and keeps the
 * arrivals that fall to it, so shares need no shared state or lock. Immutable and thread-safe, like
 * the schedule it splits; each cursor belongs to one thread.
 */
final class WeightedArrivals implements ArrivalSchedule {

  private final ArrivalSchedule shared;
  private final int[] weights;
  private final int totalWeight;
  private final int index;

  private WeightedArrivals(ArrivalSchedule shared, int[] weights, int index) {
    this.shared = shared;
    this.weights = weights;
    int total = 0;
    for (int weight : weights) {
      total += weight;
    }
    this.totalWeight = total;
    this.index = index;
  }

  /** The shares of {@code shared}, one per weight, in the order of the weights (each >= 1). */
  static List<ArrivalSchedule> split(ArrivalSchedule shared, List<Integer> weights) {
    int[] array = weights.stream().mapToInt(Integer::intValue).toArray();
    return java.util.stream.IntStream.range(0, array.length)
        .<ArrivalSchedule>mapToObj(i -> new WeightedArrivals(shared, array, i))
        .toList();
  }

  private double fraction() {
    return (double) weights[index] / totalWeight;
  }

  @Override
  public Duration duration() {
    return shared.duration();
  }

  @Override
  public double plannedRatePerSecond(Duration offset) {
    return shared.plannedRatePerSecond(offset) * fraction();
  }

  @Override
  public ArrivalCursor cursor() {
    ArrivalCursor all = shared.cursor();
    long[] current = new long[weights.length];
    return () -> {
      for (long offset = all.nextOffsetNanos();
          offset != ArrivalCursor.END;
          offset = all.nextOffsetNanos()) {
        if (pick(current) == index) {
          return offset;
        }
      }
      return ArrivalCursor.END;
    };
  }

  /** One round of the smooth weighted round-robin: the share the next arrival goes to. */
  private int pick(long[] current) {
    int best = 0;
    for (int i = 0; i < weights.length; i++) {
      current[i] += weights[i];
      if (current[i] > current[best]) {
        best = i;
      }
    }
    current[best] -= totalWeight;
    return best;
  }

  @Override
  public long expectedArrivals() {
    return Math.round(shared.expectedArrivals() * fraction());
  }

  @Override
  public String toString() {
    return "WeightedArrivals[share " + (index + 1) + " of " + weights.length + ", " + shared + "]";
  }
}
