package io.loadline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.LoadlineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

  @TempDir Path directory;

  @Test
  void openingCreatesParentDirectoriesAndTheSchema() {
    Path file = directory.resolve("nested/data/loadline.db");

    try (Database database = Database.open(file)) {
      assertTrue(Files.isRegularFile(file));
      List<String> tables =
          database.withHandle(
              handle ->
                  handle
                      .createQuery("SELECT name FROM sqlite_master WHERE type = 'table'")
                      .mapTo(String.class)
                      .list());
      assertTrue(
          tables.containsAll(
              List.of(
                  "schema_version",
                  "plans",
                  "runs",
                  "run_series",
                  "run_histograms",
                  "users",
                  "api_keys",
                  "audit_log",
                  "settings")),
          tables.toString());
    }
  }

  @Test
  void migrationsApplyOnceAcrossReopens() {
    Path file = directory.resolve("loadline.db");
    Database.open(file).close();
    Database.open(file).close();

    try (Database database = Database.open(file)) {
      List<Integer> versions =
          database.withHandle(
              handle ->
                  handle
                      .createQuery("SELECT version FROM schema_version ORDER BY version")
                      .mapTo(Integer.class)
                      .list());
      assertEquals(Migrations.FILES.stream().map(Migrations::version).toList(), versions);
      assertEquals(List.of(1, 2, 3, 4, 5), versions);
    }
  }

  @Test
  void theJournalIsWriteAheadAndForeignKeysAreOn() {
    try (Database database = Database.open(directory.resolve("loadline.db"))) {
      assertEquals("wal", pragma(database, "journal_mode"));
      assertEquals("1", pragma(database, "foreign_keys"));
      assertEquals("1", pragma(database, "synchronous")); // NORMAL
      assertEquals(String.valueOf(Database.BUSY_TIMEOUT_MILLIS), pragma(database, "busy_timeout"));
    }
  }

  @Test
  void aDatabaseWithANewerSchemaIsRefusedWithAClearMessage() {
    Path file = directory.resolve("loadline.db");
    try (Database database = Database.open(file)) {
      database.useTransaction(
          handle ->
              handle.execute(
                  "INSERT INTO schema_version (version, description, applied_at)"
                      + " VALUES (999, 'future', 0)"));
    }

    LoadlineException error = assertThrows(LoadlineException.class, () -> Database.open(file));

    assertTrue(error.getMessage().contains("schema version 999"), error.getMessage());
    assertTrue(error.getMessage().contains("newer Loadline"), error.getMessage());
  }

  @Test
  void aFileThatIsNotADatabaseIsRefused() throws IOException {
    Path file = directory.resolve("notes.db");
    Files.writeString(file, "this is not an SQLite database, just some text that is long enough");

    LoadlineException error = assertThrows(LoadlineException.class, () -> Database.open(file));

    assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
  }

  @Test
  void everyMigrationFileOnTheClasspathIsListedInOrder() throws Exception {
    Path migrations =
        Path.of(getClass().getClassLoader().getResource(Migrations.DIRECTORY).toURI());
    try (Stream<Path> files = Files.list(migrations)) {
      List<String> names = files.map(path -> path.getFileName().toString()).sorted().toList();
      assertEquals(names, Migrations.FILES.stream().sorted().toList());
    }
    for (int index = 1; index < Migrations.FILES.size(); index++) {
      int previous = Migrations.version(Migrations.FILES.get(index - 1));
      assertTrue(
          Migrations.version(Migrations.FILES.get(index)) > previous, Migrations.FILES.toString());
    }
  }

  @Test
  void aClosedDatabaseRefusesFurtherUse() {
    Database database = Database.open(directory.resolve("loadline.db"));
    database.close();
    database.close(); // idempotent

    assertThrows(IllegalStateException.class, () -> new PlanStore(database).list());
  }

  @Test
  void concurrentWritersAndReadersNeverMeetABusyDatabase() throws Exception {
    Path file = directory.resolve("loadline.db");
    int threads = 8;
    int appendsPerThread = 40;
    try (Database database = Database.open(file);
        // A second instance on the same file stands in for a second process.
        Database other = Database.open(file)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Callable<Integer>> work = new ArrayList<>();
        for (int thread = 0; thread < threads; thread++) {
          Database target = thread % 2 == 0 ? database : other;
          String actor = "user-" + thread;
          work.add(
              () -> {
                AuditLog audit = new AuditLog(target);
                for (int append = 0; append < appendsPerThread; append++) {
                  audit.append(actor, "admin", "plan.create", "plan:" + append, "ok", null);
                  audit.list(5);
                }
                return appendsPerThread;
              });
        }
        for (Future<Integer> result : pool.invokeAll(work)) {
          result.get();
        }
      } finally {
        pool.shutdownNow();
      }
      long rows =
          database.withHandle(
              handle ->
                  handle.createQuery("SELECT COUNT(*) FROM audit_log").mapTo(Long.class).one());
      assertEquals(threads * appendsPerThread, rows);
    }
  }

  private static String pragma(Database database, String name) {
    return database.withHandle(
        handle -> handle.createQuery("PRAGMA " + name).mapTo(String.class).one());
  }
}
