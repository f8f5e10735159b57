package io.loadline.importer;

import io.loadline.LoadlineException;

/** A recording or command line that cannot be turned into a plan; the message says why. */
public final class ImportException extends LoadlineException {

  public ImportException(String message) {
    super(message);
  }
}
