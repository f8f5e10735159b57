package io.loadline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.ConflictException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last enabled admin cannot be demoted, disabled or deleted, even when two admins take each
 * other away at the same instant: the store checks in the transaction of the change. Each side of a
 * race writes through its own {@link Database} on the same file, as two processes would, so the
 * in-process writer lock alone cannot be what keeps the rule.
 */
class LastAdminTest {

  private static final int ROUNDS = 40;

  @TempDir Path directory;
  private Database first;
  private Database second;
  private ExecutorService threads;

  @BeforeEach
  void open() {
    first = Database.open(directory.resolve("loadline.db"));
    second = Database.open(directory.resolve("loadline.db"));
    threads = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    first.close();
    second.close();
  }

  @Test
  void theLastEnabledAdminCannotBeDemotedDisabledOrDeleted() {
    UserStore users = new UserStore(first);
    User only = users.create("ada", "hash", "admin");
    User viewer = users.create("vic", "hash", "viewer");

    ConflictException refused =
        assertThrows(ConflictException.class, () -> users.setRole(only.id(), "operator"));
    assertEquals(
        "'ada' is the last enabled admin; create or enable another admin before you demote this"
            + " one.",
        refused.getMessage());
    assertThrows(ConflictException.class, () -> users.setDisabled(only.id(), true));
    assertThrows(ConflictException.class, () -> users.delete(only.id()));
    assertTrue(users.setRole(only.id(), "admin"), "staying admin is no demotion");
    assertTrue(users.setDisabled(viewer.id(), true), "other users are not concerned");
    assertTrue(users.delete(viewer.id()));
    assertEquals("admin", users.find(only.id()).orElseThrow().role());
    assertTrue(users.deleteJustCreated(only.id()), "a start that failed takes its admin back");
  }

  @Test
  void twoAdminsDisablingEachOtherAtOnceLeaveOneEnabled() throws Exception {
    race((store, other) -> store.setDisabled(other, true), "disable");
  }

  @Test
  void twoAdminsDemotingEachOtherAtOnceLeaveOneAdmin() throws Exception {
    race((store, other) -> store.setRole(other, "viewer"), "demote");
  }

  @Test
  void twoAdminsDeletingEachOtherAtOnceLeaveOne() throws Exception {
    race((store, other) -> store.delete(other), "delete");
  }

  /** A change one admin makes to the other, through the store it is given. */
  private interface Change {
    boolean apply(UserStore store, long other);
  }

  /**
   * Starts both admins' changes together, {@link #ROUNDS} times on fresh admins: each round one
   * change succeeds, the other is refused with the last-admin conflict, and an admin stays enabled.
   */
  private void race(Change change, String verb) throws Exception {
    UserStore firstStore = new UserStore(first);
    UserStore secondStore = new UserStore(second);
    for (int round = 0; round < ROUNDS; round++) {
      User a = firstStore.create("a" + round, "hash", "admin");
      User b = firstStore.create("b" + round, "hash", "admin");
      CountDownLatch start = new CountDownLatch(1);
      Future<Object> byA = threads.submit(attempt(start, () -> change.apply(firstStore, b.id())));
      Future<Object> bySecond =
          threads.submit(attempt(start, () -> change.apply(secondStore, a.id())));
      start.countDown();
      List<Object> outcomes =
          List.of(byA.get(20, TimeUnit.SECONDS), bySecond.get(20, TimeUnit.SECONDS));

      assertEquals(1, outcomes.stream().filter(Boolean.TRUE::equals).count(), outcomes.toString());
      List<ConflictException> conflicts = new ArrayList<>();
      outcomes.stream()
          .filter(ConflictException.class::isInstance)
          .forEach(outcome -> conflicts.add((ConflictException) outcome));
      assertEquals(1, conflicts.size(), outcomes.toString());
      assertTrue(
          conflicts.getFirst().getMessage().contains("before you " + verb), outcomes.toString());
      assertEquals(1, enabledAdmins(firstStore, id -> id == a.id() || id == b.id()));

      // Make way for the next round's pair: it must be the only pair of admins.
      first.useTransaction(handle -> handle.createUpdate("DELETE FROM users").execute());
    }
  }

  /** Waits for the start, then makes the change; answers its result or the exception it threw. */
  private static Callable<Object> attempt(CountDownLatch start, Callable<Boolean> change) {
    return () -> {
      start.await();
      try {
        return change.call();
      } catch (ConflictException refused) {
        return refused;
      }
    };
  }

  private static long enabledAdmins(UserStore users, LongPredicate among) {
    return users.list().stream()
        .filter(user -> among.test(user.id()))
        .filter(user -> user.role().equals("admin") && !user.disabled())
        .count();
  }
}
