package io.loadline.store;

import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;

/**
 * The SQLite database of one server or CLI process: opened in WAL mode, migrated to the newest
 * schema on open. Thread-safe; the process owns it and closes it last.
 */
public final class Database implements AutoCloseable {

  private Database() {}

  /** Opens (creating if needed) the database file and applies pending schema migrations. */
  public static Database open(Path file) {
    throw new UnsupportedOperationException("skeleton: persistence is being built");
  }

  public Jdbi jdbi() {
    throw new UnsupportedOperationException("skeleton");
  }

  @Override
  public void close() {}
}
