package io.loadline.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Failed-login counts by throttle key, kept so that a restart does not give a password guesser a
 * fresh allowance. The login throttle keeps its own copy in memory and writes each change here.
 * Thread-safe; holds no state of its own.
 */
public final class LoginFailureStore {

  private final Database database;

  public LoginFailureStore(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /** Every key whose last failure is after {@code since}, oldest key first. */
  public Map<String, Failures> loadSince(Instant since) {
    return database.withHandle(
        handle -> {
          Map<String, Failures> loaded = new LinkedHashMap<>();
          handle
              .createQuery(
                  "SELECT throttle_key, failures, last_at FROM login_failures"
                      + " WHERE last_at > ? ORDER BY last_at")
              .bind(0, since.toEpochMilli())
              .map(
                  (row, context) ->
                      Map.entry(
                          row.getString("throttle_key"),
                          new Failures(
                              row.getInt("failures"),
                              Instant.ofEpochMilli(row.getLong("last_at")))))
              .forEach(entry -> loaded.put(entry.getKey(), entry.getValue()));
          return loaded;
        });
  }

  /** Stores the key's count, replacing the one it had. */
  public void save(String key, Failures failures) {
    database.useTransaction(
        handle ->
            handle
                .createUpdate(
                    "INSERT INTO login_failures (throttle_key, failures, last_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (throttle_key) DO UPDATE SET failures = excluded.failures,"
                        + " last_at = excluded.last_at")
                .bind(0, key)
                .bind(1, failures.count())
                .bind(2, failures.last().toEpochMilli())
                .execute());
  }

  /** Forgets the key's failures. */
  public void delete(String key) {
    database.useTransaction(
        handle ->
            handle
                .createUpdate("DELETE FROM login_failures WHERE throttle_key = ?")
                .bind(0, key)
                .execute());
  }

  /** Forgets every key whose last failure is at or before {@code cutoff}; returns how many. */
  public int deleteUpTo(Instant cutoff) {
    return database.inTransaction(
        handle ->
            handle
                .createUpdate("DELETE FROM login_failures WHERE last_at <= ?")
                .bind(0, cutoff.toEpochMilli())
                .execute());
  }

  /**
   * How many failed logins in a row a key has had, and when the last one was. Immutable.
   *
   * @param count at least 1
   */
  public record Failures(int count, Instant last) {

    public Failures {
      Objects.requireNonNull(last, "last");
    }
  }
}
