package io.loadline.engine;

import java.net.URI;
import java.util.Optional;

/**
 * Where a run may send a request that its plan did not name, such as a redirect's {@code Location}:
 * the server's target allow-list, checked during the run because such a target is only known then.
 * A protocol asks through {@link io.loadline.spi.Exchange#targetRefusal}. Must be thread-safe and
 * quick: it is asked on the protocol's threads, once per redirect.
 */
@FunctionalInterface
public interface TargetGuard {

  /** Refuses nothing: runs without an allow-list (the headless CLI, a server without one). */
  TargetGuard ALLOW_ALL = target -> Optional.empty();

  /** Why a request to {@code target} must not be sent, or empty when it may. */
  Optional<String> refusal(URI target);
}
