package io.loadline;

/** A plan, run or other object that does not exist; the API answers 404. */
public final class NotFoundException extends LoadlineException {

  public NotFoundException(String message) {
    super(message);
  }
}
