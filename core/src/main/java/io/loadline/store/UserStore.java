package io.loadline.store;

import io.loadline.ConflictException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * User accounts in the database. Thread-safe; holds no state of its own. Usernames are unique
 * without regard to case, and looked up the same way. It stores password hashes as given; hashing
 * is the caller's job. It keeps one rule itself: the last enabled admin cannot be demoted, disabled
 * or deleted, checked in the same transaction as the change.
 */
public final class UserStore {

  /** The roles a user or API key may have. */
  public static final Set<String> ROLES = Set.of("admin", "operator", "viewer");

  private static final String ADMIN = "admin";

  private static final String COLUMNS =
      "id, username, password_hash, role, disabled, created_at, session_generation";

  private final Database database;

  public UserStore(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /**
   * Creates an enabled user.
   *
   * @param role {@code admin}, {@code operator} or {@code viewer}
   * @throws io.loadline.ConflictException when the username is taken
   */
  public User create(String username, String passwordHash, String role) {
    checkUsername(username);
    Objects.requireNonNull(passwordHash, "passwordHash");
    checkRole(role);
    Instant now = Columns.now();
    long id =
        database.inTransaction(
            handle -> {
              // Checked inside the immediate transaction, so no other writer can slip in between.
              boolean taken =
                  handle
                          .createQuery("SELECT COUNT(*) FROM users WHERE username = ?")
                          .bind(0, username)
                          .mapTo(Long.class)
                          .one()
                      > 0;
              if (taken) {
                throw new ConflictException(
                    "The username '" + username + "' is taken; choose another one.");
              }
              return handle
                  .createUpdate(
                      "INSERT INTO users (username, password_hash, role, disabled, created_at)"
                          + " VALUES (?, ?, ?, 0, ?)")
                  .bind(0, username)
                  .bind(1, passwordHash)
                  .bind(2, role)
                  .bind(3, now.toEpochMilli())
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
            });
    return new User(id, username, passwordHash, role, false, now, 0);
  }

  public Optional<User> findByUsername(String username) {
    return findWhere("username = ?", username);
  }

  public Optional<User> find(long id) {
    return findWhere("id = ?", id);
  }

  /** Every user, in the order they were created. */
  public List<User> list() {
    return database.withHandle(
        handle ->
            handle
                .createQuery("SELECT " + COLUMNS + " FROM users ORDER BY id")
                .map((row, context) -> user(row))
                .list());
  }

  public long count() {
    return database.withHandle(
        handle -> handle.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one());
  }

  /**
   * Enables or disables a user; false when the user does not exist. Disabling also starts a new
   * session generation, so enabling the user again does not bring their old sessions back.
   *
   * @throws ConflictException when disabling the last enabled admin
   */
  public boolean setDisabled(long id, boolean disabled) {
    String sql =
        disabled
            ? "UPDATE users SET disabled = 1, session_generation = session_generation + 1"
                + " WHERE id = ?"
            : "UPDATE users SET disabled = 0 WHERE id = ?";
    return database.inTransaction(
        handle -> {
          if (disabled) {
            refuseIfLastEnabledAdmin(handle, id, "disable");
          }
          return handle.createUpdate(sql).bind(0, id).execute() > 0;
        });
  }

  /**
   * Replaces a user's password hash and starts a new session generation, which ends every session
   * signed in before; false when the user does not exist.
   */
  public boolean setPasswordHash(long id, String passwordHash) {
    Objects.requireNonNull(passwordHash, "passwordHash");
    return database.inTransaction(
        handle ->
            handle
                    .createUpdate(
                        "UPDATE users SET password_hash = ?,"
                            + " session_generation = session_generation + 1 WHERE id = ?")
                    .bind(0, passwordHash)
                    .bind(1, id)
                    .execute()
                > 0);
  }

  /**
   * Changes a user's role; false when the user does not exist.
   *
   * @throws ConflictException when demoting the last enabled admin
   */
  public boolean setRole(long id, String role) {
    checkRole(role);
    return database.inTransaction(
        handle -> {
          if (!ADMIN.equals(role)) {
            refuseIfLastEnabledAdmin(handle, id, "demote");
          }
          return handle
                  .createUpdate("UPDATE users SET role = ? WHERE id = ?")
                  .bind(0, role)
                  .bind(1, id)
                  .execute()
              > 0;
        });
  }

  /**
   * Deletes a user and, through the foreign key, their API keys; false when the user does not
   * exist. Audit rows keep the username as text and are not touched.
   *
   * @throws ConflictException when deleting the last enabled admin
   */
  public boolean delete(long id) {
    return database.inTransaction(
        handle -> {
          refuseIfLastEnabledAdmin(handle, id, "delete");
          return deleteRow(handle, id);
        });
  }

  /**
   * Deletes a user even when it is the last enabled admin: only for taking back an account this
   * process has just created and never handed out (the first admin of a start that failed).
   */
  public boolean deleteJustCreated(long id) {
    return database.inTransaction(handle -> deleteRow(handle, id));
  }

  private static boolean deleteRow(Handle handle, long id) {
    return handle.createUpdate("DELETE FROM users WHERE id = ?").bind(0, id).execute() > 0;
  }

  /**
   * Refuses to take away the last enabled admin. It runs inside the transaction that makes the
   * change, which holds the database's write lock, so two admins disabling each other at once
   * cannot both pass the check.
   */
  private static void refuseIfLastEnabledAdmin(Handle handle, long id, String verb) {
    Optional<String> enabledAdmin =
        handle
            .createQuery("SELECT username FROM users WHERE id = ? AND role = ? AND disabled = 0")
            .bind(0, id)
            .bind(1, ADMIN)
            .mapTo(String.class)
            .findOne();
    if (enabledAdmin.isEmpty()) {
      return;
    }
    long otherEnabledAdmins =
        handle
            .createQuery("SELECT COUNT(*) FROM users WHERE id <> ? AND role = ? AND disabled = 0")
            .bind(0, id)
            .bind(1, ADMIN)
            .mapTo(Long.class)
            .one();
    if (otherEnabledAdmins == 0) {
      throw new ConflictException(
          "'"
              + enabledAdmin.get()
              + "' is the last enabled admin; create or enable another admin before you "
              + verb
              + " this one.");
    }
  }

  /** Checks a role name at the API edge. */
  static void checkRole(String role) {
    if (!ROLES.contains(role)) {
      throw new IllegalArgumentException("A role must be one of " + ROLES + ", not " + role);
    }
  }

  private Optional<User> findWhere(String condition, Object value) {
    return database.withHandle(
        handle ->
            handle
                .createQuery("SELECT " + COLUMNS + " FROM users WHERE " + condition)
                .bind(0, value)
                .map((row, context) -> user(row))
                .findOne());
  }

  private static void checkUsername(String username) {
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException("A username must not be blank");
    }
  }

  private static User user(ResultSet row) throws SQLException {
    return new User(
        row.getLong("id"),
        row.getString("username"),
        row.getString("password_hash"),
        row.getString("role"),
        row.getInt("disabled") != 0,
        Columns.instant(row, "created_at"),
        row.getLong("session_generation"));
  }
}
