package io.loadline.spi;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

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

  /**
   * Gives the engine a way to cancel this request; optional. The engine runs {@code cancel} at most
   * once, on one of its own threads, when it no longer wants the request: a closed-model user
   * retired on a ramp-down whose iteration outlived the graceful stop. The request is then already
   * counted as interrupted and a later {@link #complete} is ignored, so {@code cancel} only frees
   * what the request holds (for HTTP, it aborts the request: on HTTP/1.1 that closes its
   * connection, on HTTP/2 it resets the request's stream). It must return quickly, must not throw
   * and must not block; it may be run before the request has left, and then should keep it from
   * leaving. When the engine has given the exchange up already, it runs {@code cancel} at once, on
   * the calling thread.
   *
   * <p>A protocol calls it at most once per exchange, at the latest when the request leaves. A
   * protocol that never calls it keeps working: a request the engine gave up runs on until it ends
   * or times out, holding its connection meanwhile, and is counted the same. The default does
   * nothing, for exchanges that cannot be cancelled.
   */
  default void onCancel(Runnable cancel) {}

  /**
   * Why the engine refuses a target the protocol found during the run and did not get from the step
   * (for HTTP, a redirect's {@code Location}), or empty when it may be sent to. A server with a
   * target allow-list checks every step's own URL before the run; a target found on the way is only
   * known now. A protocol that follows such targets asks here before it sends anything there, and
   * on a refusal ends the request as an {@link Outcome#OTHER_ERROR} whose message gives the reason.
   * Quick and thread-safe. The default refuses nothing.
   */
  default Optional<String> targetRefusal(URI target) {
    return Optional.empty();
  }
}
