package io.loadline.web.security;

import io.loadline.store.ApiKey;
import java.time.Instant;

/**
 * An API key as the API lists it: never the key nor its hash. Immutable.
 *
 * @param expiresAt null for never
 * @param lastUsedAt null when never used; kept to the minute
 * @param revokedAt null while not revoked
 */
public record KeyJson(
    long id,
    long userId,
    String name,
    String role,
    Instant createdAt,
    Instant expiresAt,
    Instant lastUsedAt,
    Instant revokedAt) {

  static KeyJson of(ApiKey key) {
    return new KeyJson(
        key.id(),
        key.userId(),
        key.name(),
        key.role(),
        key.createdAt(),
        key.expiresAt(),
        key.lastUsedAt(),
        key.revokedAt());
  }

  /**
   * The answer to a key's creation, the only one that shows the key. Immutable.
   *
   * @param key the secret, {@code ll_...}; store it now, it cannot be shown again
   */
  public record Created(KeyJson apiKey, String key) {

    @Override
    public String toString() {
      return "Created[" + apiKey + "]";
    }
  }
}
