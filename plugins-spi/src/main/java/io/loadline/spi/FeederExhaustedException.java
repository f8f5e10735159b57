package io.loadline.spi;

/** Thrown by {@link Feeder#next()} when its strategy has no record left (such as a used queue). */
public final class FeederExhaustedException extends RuntimeException {

  public FeederExhaustedException(String message) {
    super(message);
  }
}
