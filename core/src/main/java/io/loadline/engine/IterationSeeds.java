package io.loadline.engine;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * The random sources of a seeded scenario's iterations: iteration N (counted from 0 in the order
 * the scenario starts them) gets a generator seeded from the scenario's seed and N alone, so it
 * draws the same branches, pauses and random values in every run with that seed. Which closed-model
 * user runs iteration N may still differ from run to run. Thread-safe.
 */
final class IterationSeeds {

  /** The odd constant of SplittableRandom's own increments: spreads N over the 64 bits. */
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private final long seed;
  private final AtomicLong started = new AtomicLong();

  IterationSeeds(long seed) {
    this.seed = seed;
  }

  /** The generator of the next iteration; one generator per iteration, used by one at a time. */
  RandomGenerator next() {
    return forIteration(started.getAndIncrement());
  }

  /** The generator of iteration {@code number}. */
  RandomGenerator forIteration(long number) {
    // Mixed, because SplittableRandom's streams for seeds one gamma apart are shifted copies.
    return new SplittableRandom(mix(seed + number * GOLDEN_GAMMA));
  }

  /** Stafford's variant 13 of the MurmurHash3 finalizer, as SplittableRandom uses. */
  private static long mix(long value) {
    long z = value;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
