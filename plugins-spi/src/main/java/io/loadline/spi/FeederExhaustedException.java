package io.loadline.spi;

/**
 * Thrown by {@link Feeder#next()} when its strategy has no record left (such as a used queue). It
 * carries what the engine should do about it: end the run (the default) or stop the user that asked
 * ({@link ExhaustionPolicy#STOP_USER}). Immutable.
 */
public final class FeederExhaustedException extends RuntimeException {

  private final transient ExhaustionPolicy policy;

  /** An exhaustion that ends the run ({@link ExhaustionPolicy#STOP_RUN}). */
  public FeederExhaustedException(String message) {
    this(message, ExhaustionPolicy.STOP_RUN);
  }

  /**
   * An exhaustion the engine handles under {@code policy}; a feeder recycles by itself, so {@link
   * ExhaustionPolicy#RECYCLE} here is read as {@link ExhaustionPolicy#STOP_RUN}.
   *
   * @param message what ran out and what to change, for the user
   * @param policy what the engine does; null means {@link ExhaustionPolicy#STOP_RUN}
   */
  public FeederExhaustedException(String message, ExhaustionPolicy policy) {
    // A signal, not a bug: no stack trace, since stop-user may throw it at every later arrival.
    super(message, null, false, false);
    this.policy =
        policy == null || policy == ExhaustionPolicy.RECYCLE ? ExhaustionPolicy.STOP_RUN : policy;
  }

  /**
   * What the engine does: {@link ExhaustionPolicy#STOP_RUN} or {@link ExhaustionPolicy#STOP_USER}.
   */
  public ExhaustionPolicy policy() {
    return policy;
  }
}
