package io.loadline.store;

import io.loadline.LoadlineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to the newest schema: the SQL files named in {@link #FILES}, read from {@code
 * db/migration/} on the classpath, each applied once, in order, in its own transaction together
 * with its {@code schema_version} row. Used by {@link Database#open}; not thread-safe on its own
 * (it runs under the database's writer lock).
 *
 * <p>The files are listed here rather than discovered because a classpath directory cannot be
 * listed portably inside a jar; a test checks that the list and the directory agree.
 *
 * <p>Versions come from the file names and must increase along the list, but may have gaps, so
 * branches can reserve numbers independently (issue 6 ships V3 before V2 exists). A version is
 * applied when its own row is missing from {@code schema_version}, not when it is above the highest
 * row, so a gap filled later is still applied.
 */
final class Migrations {

  /** Every migration, oldest first; versions ({@code V<n>__<what>.sql}) increase along it. */
  static final List<String> FILES =
      List.of(
          "V1__initial.sql",
          "V2__thresholds.sql",
          "V3__security.sql",
          "V4__session_generation.sql",
          "V5__login_failures.sql");

  static final String DIRECTORY = "db/migration/";

  private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private final Database database;

  Migrations(Database database) {
    this.database = database;
  }

  /** The schema version this code writes. */
  static int latestVersion() {
    return version(FILES.get(FILES.size() - 1));
  }

  /**
   * Applies every pending migration.
   *
   * @return how many were applied
   * @throws LoadlineException when the database's schema is newer than this code
   */
  int migrate() {
    database.useTransaction(Migrations::createVersionTable);
    database.withHandle(this::refuseNewerSchema);
    int applied = 0;
    int previousVersion = 0;
    for (String fileName : FILES) {
      int version = version(fileName);
      if (version <= previousVersion) {
        throw new IllegalStateException("Migration versions must increase: " + FILES);
      }
      previousVersion = version;
      if (applyIfPending(fileName, version)) {
        applied++;
      }
    }
    return applied;
  }

  private boolean applyIfPending(String fileName, int version) {
    String description = description(fileName, version);
    String script = read(fileName);
    return database.inTransaction(
        handle -> {
          // Read inside the immediate transaction: another process may have just applied it.
          if (isApplied(handle, version)) {
            return false;
          }
          handle.createScript(script).execute();
          handle
              .createUpdate(
                  "INSERT INTO schema_version (version, description, applied_at)"
                      + " VALUES (?, ?, ?)")
              .bind(0, version)
              .bind(1, description)
              .bind(2, System.currentTimeMillis())
              .execute();
          log.info("Applied schema migration {} to {}", fileName, database.file());
          return true;
        });
  }

  private Void refuseNewerSchema(Handle handle) {
    int stored = currentVersion(handle);
    if (stored > latestVersion()) {
      throw new LoadlineException(
          "The database "
              + database.file()
              + " has schema version "
              + stored
              + ", but this Loadline knows versions up to "
              + latestVersion()
              + ". It was written by a newer Loadline; run that version, or point this one at"
              + " another database file.");
    }
    return null;
  }

  private static void createVersionTable(Handle handle) {
    handle.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
            + " version INTEGER PRIMARY KEY,"
            + " description TEXT NOT NULL,"
            + " applied_at INTEGER NOT NULL)");
  }

  private static int currentVersion(Handle handle) {
    return handle
        .createQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")
        .mapTo(Integer.class)
        .one();
  }

  private static boolean isApplied(Handle handle, int version) {
    return handle
            .createQuery("SELECT COUNT(*) FROM schema_version WHERE version = ?")
            .bind(0, version)
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  /** The version a migration file's name carries, such as 3 for {@code V3__security.sql}. */
  static int version(String fileName) {
    Matcher matcher = FILE_NAME.matcher(fileName);
    if (!matcher.matches()) {
      throw new IllegalStateException("Migration file " + fileName + " must be V<n>__<what>.sql");
    }
    return Integer.parseInt(matcher.group(1));
  }

  private static String description(String fileName, int expectedVersion) {
    Matcher matcher = FILE_NAME.matcher(fileName);
    if (!matcher.matches() || Integer.parseInt(matcher.group(1)) != expectedVersion) {
      throw new IllegalStateException(
          "Migration file " + fileName + " must be named V" + expectedVersion + "__<what>.sql");
    }
    return matcher.group(2);
  }

  private static String read(String fileName) {
    String resource = DIRECTORY + fileName;
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Migration " + resource + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LoadlineException("Could not read migration " + resource, e);
    }
  }
}
