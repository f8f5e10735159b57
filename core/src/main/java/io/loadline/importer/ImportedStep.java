package io.loadline.importer;

import java.time.Duration;

/** One step of an imported flow: a request, or a pause between two requests. Immutable. */
public sealed interface ImportedStep {

  /**
   * A request step.
   *
   * @param followRedirects whether the step follows 3xx answers itself
   */
  record Request(RecordedRequest request, boolean followRedirects) implements ImportedStep {}

  /** A think-time step of a whole number of milliseconds, above zero. */
  record Think(Duration pause) implements ImportedStep {}
}
