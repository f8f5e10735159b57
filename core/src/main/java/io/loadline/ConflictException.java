package io.loadline;

/**
 * An action that does not fit the object's current state, such as stopping a finished run; the API
 * answers 409.
 */
public final class ConflictException extends LoadlineException {

  public ConflictException(String message) {
    super(message);
  }
}
