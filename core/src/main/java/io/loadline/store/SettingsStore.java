package io.loadline.store;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Server settings kept in the database, such as the JWT signing secret. Thread-safe; holds no state
 * of its own. Values may be secrets: this class never logs them.
 */
public final class SettingsStore {

  private final Database database;

  public SettingsStore(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  public Optional<String> get(String key) {
    Objects.requireNonNull(key, "key");
    return database.withHandle(
        handle ->
            handle
                .createQuery("SELECT value FROM settings WHERE key = ?")
                .bind(0, key)
                .mapTo(String.class)
                .findOne());
  }

  /** Stores a value, replacing any earlier one. */
  public void put(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    database.useTransaction(
        handle ->
            handle
                .createUpdate(
                    "INSERT INTO settings (key, value) VALUES (?, ?)"
                        + " ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(0, key)
                .bind(1, value)
                .execute());
  }

  /**
   * The stored value, or the supplied one stored atomically when there was none. When two callers
   * (or two processes) race, both get the value that was stored first; {@code initialValue} is
   * called only when the key looked absent.
   */
  public String getOrCreate(String key, Supplier<String> initialValue) {
    Objects.requireNonNull(initialValue, "initialValue");
    Optional<String> existing = get(key);
    if (existing.isPresent()) {
      return existing.get();
    }
    String candidate = Objects.requireNonNull(initialValue.get(), "initialValue.get()");
    return database.inTransaction(
        handle -> {
          handle
              .createUpdate(
                  "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING")
              .bind(0, key)
              .bind(1, candidate)
              .execute();
          return handle
              .createQuery("SELECT value FROM settings WHERE key = ?")
              .bind(0, key)
              .mapTo(String.class)
              .one();
        });
  }
}
