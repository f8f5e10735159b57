package io.loadline.spi;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * One iteration of one virtual user, as a protocol sees it: the iteration's variables and a place
 * for the protocol's own per-iteration state (for HTTP, the cookie jar). The engine makes a fresh
 * session for every iteration and drops it when the iteration ends, so nothing leaks from one
 * virtual user to another.
 *
 * <p>Thread-safety: an iteration runs one step at a time, but its steps may run on different
 * threads one after the other; implementations publish safely between them. A protocol must not
 * keep a session after the exchange it was given with has completed.
 */
public interface Session {

  /** The iteration's variables (feeder record, declared variables, extracted values), read-only. */
  Map<String, String> variables();

  /**
   * The protocol's state for this iteration under {@code key}, made by {@code factory} on first
   * use. Keys are compared with {@code equals}; use a private constant so plugins never collide.
   */
  <T> T state(Object key, Supplier<T> factory);

  /**
   * The iteration's random generator, for every random draw a step makes (a template's random
   * value, say). When the scenario sets {@code seed:}, it is the iteration's own generator, seeded
   * from the scenario's seed and the iteration's number, so the draws repeat from run to run; use
   * it from the step's own code only, never after the exchange has completed. Otherwise, and by
   * default, it is the calling thread's {@link ThreadLocalRandom}.
   */
  default RandomGenerator random() {
    return ThreadLocalRandom.current();
  }
}
