package io.loadline.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * API keys in the database, found by the hash of their secret. Thread-safe; holds no state of its
 * own. Hashing the secret is the caller's job; this class never sees a secret.
 */
public final class ApiKeyStore {

  private static final String COLUMNS =
      "id, user_id, name, key_hash, role, created_at, expires_at, last_used_at, revoked_at";

  private final Database database;

  public ApiKeyStore(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /**
   * Stores a new key.
   *
   * @param expiresAt when it stops working, or null for never
   */
  public ApiKey create(long userId, String name, String keyHash, String role, Instant expiresAt) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keyHash, "keyHash");
    UserStore.checkRole(role);
    Instant now = Columns.now();
    Instant expiry = expiresAt == null ? null : Instant.ofEpochMilli(expiresAt.toEpochMilli());
    long id =
        database.inTransaction(
            handle ->
                handle
                    .createUpdate(
                        "INSERT INTO api_keys (user_id, name, key_hash, role, created_at,"
                            + " expires_at) VALUES (?, ?, ?, ?, ?, ?)")
                    .bind(0, userId)
                    .bind(1, name)
                    .bind(2, keyHash)
                    .bind(3, role)
                    .bind(4, now.toEpochMilli())
                    .bind(5, Columns.millis(expiry))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
    return new ApiKey(id, userId, name, keyHash, role, now, expiry, null, null);
  }

  /** The key with this hash, whether usable or not; check {@link ApiKey#isUsableAt}. */
  public Optional<ApiKey> findByHash(String keyHash) {
    return findWhere("key_hash = ?", keyHash);
  }

  public Optional<ApiKey> find(long id) {
    return findWhere("id = ?", id);
  }

  /** A user's keys, oldest first, revoked ones included. */
  public List<ApiKey> listForUser(long userId) {
    return database.withHandle(
        handle ->
            handle
                .createQuery("SELECT " + COLUMNS + " FROM api_keys WHERE user_id = ? ORDER BY id")
                .bind(0, userId)
                .map((row, context) -> apiKey(row))
                .list());
  }

  /** Every key of every user, oldest first, revoked ones included. */
  public List<ApiKey> listAll() {
    return database.withHandle(
        handle ->
            handle
                .createQuery("SELECT " + COLUMNS + " FROM api_keys ORDER BY id")
                .map((row, context) -> apiKey(row))
                .list());
  }

  /** Revokes a key; false when it does not exist or was already revoked. */
  public boolean revoke(long id) {
    long now = Columns.now().toEpochMilli();
    return database.inTransaction(
        handle ->
            handle
                    .createUpdate(
                        "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                    .bind(0, now)
                    .bind(1, id)
                    .execute()
                > 0);
  }

  /** Records that a key authenticated a request just now. */
  public void markUsed(long id) {
    long now = Columns.now().toEpochMilli();
    database.useTransaction(
        handle ->
            handle
                .createUpdate("UPDATE api_keys SET last_used_at = ? WHERE id = ?")
                .bind(0, now)
                .bind(1, id)
                .execute());
  }

  private Optional<ApiKey> findWhere(String condition, Object value) {
    return database.withHandle(
        handle ->
            handle
                .createQuery("SELECT " + COLUMNS + " FROM api_keys WHERE " + condition)
                .bind(0, value)
                .map((row, context) -> apiKey(row))
                .findOne());
  }

  private static ApiKey apiKey(ResultSet row) throws SQLException {
    return new ApiKey(
        row.getLong("id"),
        row.getLong("user_id"),
        row.getString("name"),
        row.getString("key_hash"),
        row.getString("role"),
        Columns.instant(row, "created_at"),
        Columns.instant(row, "expires_at"),
        Columns.instant(row, "last_used_at"),
        Columns.instant(row, "revoked_at"));
  }
}
