package io.loadline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityStoresTest {

  @TempDir Path directory;
  private Database database;

  @BeforeEach
  void open() {
    database = Database.open(directory.resolve("loadline.db"));
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void aRevokedTokenStaysRevokedUntilItsExpiryIsPurged() {
    RevokedTokenStore revoked = new RevokedTokenStore(database);
    Instant expiry = Instant.parse("2030-01-01T00:00:00Z");
    revoked.revoke("jti-1", expiry);
    revoked.revoke("jti-1", expiry);

    assertTrue(revoked.isRevoked("jti-1"));
    assertFalse(revoked.isRevoked("jti-2"));
    assertEquals(0, revoked.purgeExpired(expiry.minusSeconds(1)));
    assertEquals(1, revoked.purgeExpired(expiry));
    assertFalse(revoked.isRevoked("jti-1"));
  }

  @Test
  void theAuditLogRefusesUpdatesAndDeletesEvenThroughSql() {
    AuditLog audit = new AuditLog(database);
    audit.append("alice", "admin", "plan.create", "plan:1", "ok", "127.0.0.1");

    assertThrows(
        JdbiException.class,
        () -> database.useTransaction(h -> h.execute("UPDATE audit_log SET outcome = 'failed'")));
    assertThrows(
        JdbiException.class,
        () -> database.useTransaction(h -> h.execute("DELETE FROM audit_log")));
    assertEquals(1, audit.list(10).size());
  }

  @Test
  void auditSearchFiltersAndReturnsTheNewestRowsOldestFirst() {
    AuditLog audit = new AuditLog(database);
    audit.append("alice", "admin", "plan.create", "plan:1", "ok", null);
    audit.append("bob", "viewer", "run.start", "plan:1", "denied", null);
    audit.append("alice", "admin", "run.start", "run:1", "ok", null);
    audit.append("alice", "admin", "run.stop", "run:1", "ok", null);

    List<AuditEntry> alice = audit.search(new AuditQuery("alice", null, null, null, null, 2));
    assertEquals(List.of("run.start", "run.stop"), alice.stream().map(AuditEntry::action).toList());
    List<AuditEntry> denied = audit.search(new AuditQuery(null, null, "denied", null, null, 10));
    assertEquals(List.of("bob"), denied.stream().map(AuditEntry::actor).toList());
    List<AuditEntry> starts = audit.search(new AuditQuery(null, "run.start", null, null, null, 10));
    assertEquals(2, starts.size());
    Instant future = Instant.now().plusSeconds(60);
    assertEquals(0, audit.search(new AuditQuery(null, null, null, future, null, 10)).size());
    assertEquals(4, audit.search(new AuditQuery(null, null, null, null, future, 10)).size());
  }

  @Test
  void deletingAUserDeletesTheirKeys() {
    UserStore users = new UserStore(database);
    ApiKeyStore keys = new ApiKeyStore(database);
    User user = users.create("carol", "hash", "operator");
    keys.create(user.id(), "ci", "key-hash", "viewer", null);

    assertTrue(users.delete(user.id()));
    assertFalse(users.delete(user.id()));
    assertTrue(users.find(user.id()).isEmpty());
    assertTrue(keys.listAll().isEmpty());
  }
}
