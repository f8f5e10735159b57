package io.loadline.store;

import java.time.Instant;

/**
 * An API key as stored: only its hash, never the key itself. Immutable.
 *
 * @param userId the user the key acts for
 * @param name a label chosen by the user, such as {@code ci}
 * @param keyHash the hash of the secret key; the secret is shown once at creation and not kept
 * @param role the role the key grants, at most its user's
 * @param expiresAt when the key stops working, or null for never
 * @param lastUsedAt when the key last authenticated a request, or null
 * @param revokedAt when the key was revoked, or null
 */
public record ApiKey(
    long id,
    long userId,
    String name,
    String keyHash,
    String role,
    Instant createdAt,
    Instant expiresAt,
    Instant lastUsedAt,
    Instant revokedAt) {

  /** Whether the key may authenticate a request at {@code now}: not revoked and not expired. */
  public boolean isUsableAt(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }

  @Override
  public String toString() {
    return "ApiKey[" + id + ", user " + userId + ", " + name + ", " + role + "]";
  }
}
