package io.loadline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.ConflictException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoresTest {

  private static final String SOURCE = "name: quickstart\nscenarios: []\n";

  @TempDir Path directory;
  private Path file;
  private Database database;

  @BeforeEach
  void open() {
    file = directory.resolve("loadline.db");
    database = Database.open(file);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void plansAreCreatedFoundListedUpdatedAndDeleted() {
    PlanStore plans = new PlanStore(database);
    StoredPlan first = plans.create("first", "yaml", SOURCE);
    StoredPlan second = plans.create("second", "json", "{\"name\": \"second\"}");

    assertEquals(Optional.of(first), plans.find(first.id()));
    assertEquals(List.of(second, first), plans.list());

    StoredPlan updated =
        plans.update(first.id(), "renamed", "yaml", "name: renamed\n").orElseThrow();
    assertEquals("renamed", updated.name());
    assertEquals("name: renamed\n", updated.source());
    assertEquals(first.createdAt(), updated.createdAt());
    assertFalse(updated.updatedAt().isBefore(first.updatedAt()));
    assertEquals(Optional.empty(), plans.update(9_999, "x", "yaml", SOURCE));

    assertTrue(plans.delete(first.id()));
    assertFalse(plans.delete(first.id()));
    assertEquals(Optional.empty(), plans.find(first.id()));
    assertEquals(List.of(second), plans.list());
  }

  @Test
  void aPlanWithAnUnknownFormatIsRefused() {
    PlanStore plans = new PlanStore(database);

    assertThrows(IllegalArgumentException.class, () -> plans.create("p", "toml", SOURCE));
  }

  @Test
  void plansSurviveCloseAndReopen() {
    StoredPlan plan = new PlanStore(database).create("kept", "yaml", SOURCE);
    database.close();

    database = Database.open(file);

    assertEquals(Optional.of(plan), new PlanStore(database).find(plan.id()));
  }

  @Test
  void aTakenUsernameIsAConflictWhateverItsCase() {
    UserStore users = new UserStore(database);
    User alice = users.create("alice", "hash-1", "admin");

    assertThrows(ConflictException.class, () -> users.create("alice", "hash-2", "viewer"));
    assertThrows(ConflictException.class, () -> users.create("ALICE", "hash-2", "viewer"));
    assertEquals(1, users.count());
    assertEquals(Optional.of(alice), users.findByUsername("alice"));
    assertEquals(Optional.of(alice), users.find(alice.id()));
  }

  @Test
  void usersCanBeDisabledAndChanged() {
    UserStore users = new UserStore(database);
    User bob = users.create("bob", "hash-1", "viewer");

    assertTrue(users.setDisabled(bob.id(), true));
    assertTrue(users.setRole(bob.id(), "operator"));
    assertTrue(users.setPasswordHash(bob.id(), "hash-2"));
    assertFalse(users.setDisabled(9_999, true));

    User changed = users.find(bob.id()).orElseThrow();
    assertTrue(changed.disabled());
    assertEquals("operator", changed.role());
    assertEquals("hash-2", changed.passwordHash());
    assertEquals(List.of(changed), users.list());
    assertThrows(IllegalArgumentException.class, () -> users.create("carol", "h", "root"));
  }

  @Test
  void getOrCreateReturnsTheFirstValueEveryTimeAndAfterReopen() {
    SettingsStore settings = new SettingsStore(database);
    AtomicInteger calls = new AtomicInteger();

    String first = settings.getOrCreate("jwt.secret", () -> "secret-" + calls.incrementAndGet());
    String second = settings.getOrCreate("jwt.secret", () -> "secret-" + calls.incrementAndGet());
    database.close();
    database = Database.open(file);
    String third =
        new SettingsStore(database).getOrCreate("jwt.secret", () -> "other-" + calls.get());

    assertEquals("secret-1", first);
    assertEquals(first, second);
    assertEquals(first, third);
    assertEquals(1, calls.get());
  }

  @Test
  void getOrCreateRacedFromManyThreadsStoresOneValue() throws Exception {
    SettingsStore settings = new SettingsStore(database);
    AtomicInteger calls = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results =
          threads.invokeAll(
              java.util.Collections.nCopies(
                  16, () -> settings.getOrCreate("k", () -> "value-" + calls.incrementAndGet())));
      String stored = settings.get("k").orElseThrow();
      for (Future<String> result : results) {
        assertEquals(stored, result.get());
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void putReplacesAValue() {
    SettingsStore settings = new SettingsStore(database);

    settings.put("theme", "dark");
    settings.put("theme", "light");

    assertEquals(Optional.of("light"), settings.get("theme"));
    assertEquals(Optional.empty(), settings.get("missing"));
  }

  @Test
  void auditRowsAppendInOrder() {
    AuditLog audit = new AuditLog(database);

    audit.append("anonymous", null, "login", "", "denied", "127.0.0.1");
    audit.append("alice", "admin", "login", "", "ok", "127.0.0.1");
    audit.append("alice", "admin", "plan.create", "plan:1", "ok", "127.0.0.1", "req-7");

    List<AuditEntry> newestFirst = audit.list(10);
    assertEquals(
        List.of("plan.create", "login", "login"),
        newestFirst.stream().map(AuditEntry::action).toList());
    assertEquals(
        List.of("ok", "ok", "denied"), newestFirst.stream().map(AuditEntry::outcome).toList());
    assertTrue(newestFirst.get(0).id() > newestFirst.get(1).id());
    assertEquals("req-7", newestFirst.get(0).requestId());
    assertEquals("plan:1", newestFirst.get(0).target());
    assertEquals(2, audit.list(2).size());
    assertThrows(
        IllegalArgumentException.class,
        () -> audit.append("alice", "admin", "login", "", "maybe", null));
  }

  @Test
  void apiKeysAreFoundByHashAndCanBeRevoked() {
    User alice = new UserStore(database).create("alice", "hash", "admin");
    ApiKeyStore keys = new ApiKeyStore(database);
    Instant expiry = Instant.parse("2100-01-01T00:00:00Z");

    ApiKey key = keys.create(alice.id(), "ci", "key-hash", "operator", expiry);
    keys.markUsed(key.id());

    ApiKey found = keys.findByHash("key-hash").orElseThrow();
    assertEquals(key.id(), found.id());
    assertEquals(expiry, found.expiresAt());
    assertTrue(found.lastUsedAt() != null);
    assertTrue(found.isUsableAt(Instant.now()));
    assertFalse(found.isUsableAt(expiry));
    assertTrue(keys.revoke(key.id()));
    assertFalse(keys.revoke(key.id()));
    assertFalse(keys.find(key.id()).orElseThrow().isUsableAt(Instant.now()));
    assertEquals(1, keys.listForUser(alice.id()).size());
  }
}
