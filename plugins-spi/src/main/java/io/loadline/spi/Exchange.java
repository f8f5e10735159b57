package io.loadline.spi;

import java.time.Duration;

/**
 * The engine's side of one request in flight. The engine implements it and takes every timestamp; a
 * protocol only reports when things happen. Methods may be called from any thread.
 */
public interface Exchange {

  /** The timeout for this whole exchange, already resolved by the engine (plan, default, 30 s). */
  Duration timeout();

  /**
   * Whether the engine will read the response body (to extract or check); a protocol keeps the body
   * for {@link ResponseView#bodyText()} only then. False unless the step needs it.
   */
  default boolean responseBodyWanted() {
    return false;
  }

  /** Reports that the request has started to leave for the network (service time starts here). */
  void sent();

  /** Reports the outcome. Exactly once per exchange; later calls are ignored. */
  void complete(StepResult result);
}
