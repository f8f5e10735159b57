package io.loadline.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The deny-list of session tokens revoked before their expiry (logout), by token id ({@code jti}).
 * A row is kept only until the token would have expired anyway. Thread-safe; holds no state of its
 * own. Token ids are not secrets: a token cannot be rebuilt from its id.
 */
public final class RevokedTokenStore {

  private final Database database;

  public RevokedTokenStore(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /** Revokes a token until {@code expiresAt}; revoking it again changes nothing. */
  public void revoke(String tokenId, Instant expiresAt) {
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(expiresAt, "expiresAt");
    database.useTransaction(
        handle ->
            handle
                .createUpdate(
                    "INSERT INTO revoked_tokens (token_id, expires_at) VALUES (?, ?)"
                        + " ON CONFLICT (token_id) DO NOTHING")
                .bind(0, tokenId)
                .bind(1, expiresAt.toEpochMilli())
                .execute());
  }

  /** Whether the token has been revoked. */
  public boolean isRevoked(String tokenId) {
    return database.withHandle(
        handle ->
            handle
                    .createQuery("SELECT COUNT(*) FROM revoked_tokens WHERE token_id = ?")
                    .bind(0, tokenId)
                    .mapTo(Integer.class)
                    .one()
                > 0);
  }

  /** Forgets the tokens that have expired by {@code now}; returns how many rows went. */
  public int purgeExpired(Instant now) {
    return database.inTransaction(
        handle ->
            handle
                .createUpdate("DELETE FROM revoked_tokens WHERE expires_at <= ?")
                .bind(0, now.toEpochMilli())
                .execute());
  }
}
