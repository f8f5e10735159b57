package io.loadline.store;

import io.loadline.LoadlineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite database of one server or CLI process: opened in WAL mode, migrated to the newest
 * schema on open. Thread-safe; the process owns it and closes it last.
 *
 * <p>Connections: every JDBI handle opens its own SQLite connection from one {@link
 * SQLiteDataSource}, configured with WAL journaling, {@code synchronous=NORMAL}, {@code
 * foreign_keys=ON}, a {@value #BUSY_TIMEOUT_MILLIS} ms busy timeout and {@code BEGIN IMMEDIATE}
 * transactions. There is no pool: opening an SQLite connection is a file open, and the server's
 * write rate (a few rows a second per run) does not need one.
 *
 * <p>Writes: SQLite allows one writer at a time. Every write goes through {@link #inTransaction} or
 * {@link #useTransaction}, which hold a single in-process writer lock for the whole transaction, so
 * this process's own writers queue in Java instead of meeting {@code SQLITE_BUSY}. The immediate
 * transactions and the busy timeout cover another process on the same file (such as a CLI next to a
 * server). Reads use {@link #withHandle} without the lock: WAL lets them run beside a writer and
 * see the last committed state. Do not nest a write inside another write or inside an open read
 * transaction: the inner one would use a second connection and wait for the outer one's lock.
 */
public final class Database implements AutoCloseable {

  /** How long a connection waits for another process's write lock before failing. */
  public static final int BUSY_TIMEOUT_MILLIS = 5_000;

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final Path file;
  private final Jdbi jdbi;
  private final ReentrantLock writerLock = new ReentrantLock();
  private volatile boolean closed;

  private Database(Path file, Jdbi jdbi) {
    this.file = file;
    this.jdbi = jdbi;
  }

  /**
   * Opens (creating if needed) the database file and applies pending schema migrations.
   *
   * @throws LoadlineException when the directory cannot be made, the file is not a database, or its
   *     schema is newer than this Loadline
   */
  public static Database open(Path file) {
    Objects.requireNonNull(file, "file");
    Path absolute = file.toAbsolutePath().normalize();
    createParentDirectories(absolute);
    Database database = new Database(absolute, Jdbi.create(dataSource(absolute)));
    int applied;
    try {
      applied = new Migrations(database).migrate();
    } catch (JdbiException e) {
      throw new LoadlineException(
          "Could not open the database "
              + absolute
              + ": "
              + e.getMessage()
              + ". Check that the file is a Loadline SQLite database and is writable.",
          e);
    }
    log.info(
        "Opened database {} (schema version {}, {} migration(s) applied)",
        absolute,
        Migrations.latestVersion(),
        applied);
    return database;
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  /**
   * The JDBI instance, for reads. Writes should use {@link #inTransaction} or {@link
   * #useTransaction} so that they are serialised.
   */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** Runs a read on its own connection, without taking the writer lock. */
  public <R, X extends Exception> R withHandle(HandleCallback<R, X> callback) throws X {
    ensureOpen();
    return jdbi.withHandle(callback);
  }

  /** Runs a write transaction under the writer lock and returns its result. */
  public <R, X extends Exception> R inTransaction(HandleCallback<R, X> callback) throws X {
    writerLock.lock();
    try {
      ensureOpen();
      return jdbi.inTransaction(callback);
    } finally {
      writerLock.unlock();
    }
  }

  /** Runs a write transaction under the writer lock. */
  public <X extends Exception> void useTransaction(HandleConsumer<X> callback) throws X {
    inTransaction(
        handle -> {
          callback.useHandle(handle);
          return null;
        });
  }

  /**
   * Folds the write-ahead log back into the database file and refuses further use through this
   * object. Idempotent.
   */
  @Override
  public void close() {
    writerLock.lock();
    try {
      if (closed) {
        return;
      }
      jdbi.useHandle(handle -> handle.execute("PRAGMA wal_checkpoint(TRUNCATE)"));
      closed = true;
      log.info("Closed database {}", file);
    } finally {
      writerLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Database[" + file + (closed ? ", closed" : "") + "]";
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("The database " + file + " has been closed.");
    }
  }

  private static SQLiteDataSource dataSource(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file);
    return dataSource;
  }

  private static void createParentDirectories(Path file) {
    Path parent = file.getParent();
    if (parent == null) {
      return;
    }
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new LoadlineException(
          "Could not create the directory "
              + parent
              + " for the database: "
              + e.getMessage()
              + ". Choose a writable data directory.",
          e);
    }
  }
}
