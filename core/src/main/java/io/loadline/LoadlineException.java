package io.loadline;

/**
 * The root of Loadline's own unchecked failures. Messages say what happened, what was done about
 * it, and which setting changes it.
 */
public class LoadlineException extends RuntimeException {

  public LoadlineException(String message) {
    super(message);
  }

  public LoadlineException(String message, Throwable cause) {
    super(message, cause);
  }
}
