package io.loadline.spi;

/** How one request ended. Every failure has a kind; the set is closed and stable. */
public enum Outcome {
  /** A response that counts as success (for HTTP: status 1xx to 3xx). */
  SUCCESS,
  /** A response with a client-error status (HTTP 4xx). */
  CLIENT_ERROR,
  /** A response with a server-error status (HTTP 5xx). */
  SERVER_ERROR,
  /** No complete response within the exchange's timeout. */
  TIMEOUT,
  /** No connection could be made (refused, unreachable, DNS). */
  CONNECT_ERROR,
  /** Any other failure: a reset connection, a protocol error, a bad response. */
  OTHER_ERROR;

  /** Whether this outcome counts as a success. */
  public boolean isSuccess() {
    return this == SUCCESS;
  }

  /** The lower-case name used in JSON, the API and metrics, such as {@code server_error}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
