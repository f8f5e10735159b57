package io.loadline.spi;

import java.util.Objects;

/**
 * What a protocol reports of one finished request. It carries no timings: the engine measures.
 *
 * @param outcome how the request ended
 * @param statusCode the protocol's status code (HTTP status), or 0 when there was no response
 * @param bytesReceived the size of the response body, or 0
 * @param detail a short, secret-free reason for a failure (an exception message), or empty
 * @param response headers, body and cookies for extraction and checks, or {@link ResponseView#NONE}
 */
public record StepResult(
    Outcome outcome, int statusCode, long bytesReceived, String detail, ResponseView response) {

  public StepResult {
    Objects.requireNonNull(outcome, "outcome");
    detail = detail == null ? "" : detail;
    response = response == null ? ResponseView.NONE : response;
  }

  /** A result without a response view (as before views existed). */
  public StepResult(Outcome outcome, int statusCode, long bytesReceived, String detail) {
    this(outcome, statusCode, bytesReceived, detail, ResponseView.NONE);
  }

  /** A failure with no response, such as a timeout or a refused connection. */
  public static StepResult failure(Outcome outcome, String detail) {
    return new StepResult(outcome, 0, 0, detail);
  }
}
