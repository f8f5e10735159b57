package io.loadline.store;

import java.util.Optional;
import java.util.function.Supplier;

/** Server settings kept in the database, such as the JWT signing secret. Thread-safe. */
public final class SettingsStore {

  public SettingsStore(Database database) {
    throw new UnsupportedOperationException("skeleton: persistence is being built");
  }

  public Optional<String> get(String key) {
    throw new UnsupportedOperationException("skeleton");
  }

  public void put(String key, String value) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The stored value, or the supplied one stored atomically when there was none. */
  public String getOrCreate(String key, Supplier<String> initialValue) {
    throw new UnsupportedOperationException("skeleton");
  }
}
