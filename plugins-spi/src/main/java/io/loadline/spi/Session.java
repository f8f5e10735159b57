package io.loadline.spi;

import java.util.Map;
import java.util.function.Supplier;

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
}
