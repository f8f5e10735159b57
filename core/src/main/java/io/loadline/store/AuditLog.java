package io.loadline.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The append-only audit log: every mutating action and every login, whatever its outcome. There is
 * no update or delete. Thread-safe; holds no state of its own. Callers must not pass secrets
 * (passwords, keys, tokens) in any field.
 */
public final class AuditLog {

  /** The outcomes an entry may record. */
  public static final Set<String> OUTCOMES = Set.of("ok", "denied", "failed");

  private final Database database;

  public AuditLog(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /**
   * Appends one row with no request id.
   *
   * @param actor who acted: a username, {@code key:<id>}, or {@code anonymous}
   * @param role the actor's role, or null when unknown
   * @param action such as {@code plan.create}, {@code run.start}, {@code login}
   * @param target such as {@code plan:3}, or empty
   * @param outcome {@code ok}, {@code denied} or {@code failed}
   * @param address the client's address, or null
   */
  public void append(
      String actor, String role, String action, String target, String outcome, String address) {
    append(actor, role, action, target, outcome, address, null);
  }

  /**
   * Appends one row.
   *
   * @param requestId the request's id, so the row can be matched with log lines; or null
   * @see #append(String, String, String, String, String, String)
   */
  public void append(
      String actor,
      String role,
      String action,
      String target,
      String outcome,
      String address,
      String requestId) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    if (!OUTCOMES.contains(outcome)) {
      throw new IllegalArgumentException(
          "An audit outcome must be one of " + OUTCOMES + ", not " + outcome);
    }
    long at = Columns.now().toEpochMilli();
    database.useTransaction(
        handle ->
            handle
                .createUpdate(
                    "INSERT INTO audit_log"
                        + " (at, actor, role, action, target, outcome, address, request_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(0, at)
                .bind(1, actor)
                .bind(2, role)
                .bind(3, action)
                .bind(4, target == null ? "" : target)
                .bind(5, outcome)
                .bind(6, address)
                .bind(7, requestId)
                .execute());
  }

  /** The newest {@code limit} entries, newest first. */
  public List<AuditEntry> list(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
    return database.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?")
                .bind(0, limit)
                .map((row, context) -> entry(row))
                .list());
  }

  /**
   * The newest rows that match every filter of the query, returned oldest first (in the order they
   * were written), so a page reads like a story.
   */
  public List<AuditEntry> search(AuditQuery query) {
    List<String> conditions = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    addCondition(conditions, values, "actor = ?", query.actor());
    addCondition(conditions, values, "action = ?", query.action());
    addCondition(conditions, values, "outcome = ?", query.outcome());
    addCondition(conditions, values, "at >= ?", Columns.millis(query.from()));
    addCondition(conditions, values, "at < ?", Columns.millis(query.to()));
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    String sql =
        "SELECT * FROM (SELECT * FROM audit_log" + where + " ORDER BY id DESC LIMIT ?) ORDER BY id";
    values.add(query.limit());
    return database.withHandle(
        handle -> {
          var statement = handle.createQuery(sql);
          for (int index = 0; index < values.size(); index++) {
            statement.bind(index, values.get(index));
          }
          return statement.map((row, context) -> entry(row)).list();
        });
  }

  private static void addCondition(
      List<String> conditions, List<Object> values, String condition, Object value) {
    if (value != null) {
      conditions.add(condition);
      values.add(value);
    }
  }

  private static AuditEntry entry(ResultSet row) throws SQLException {
    return new AuditEntry(
        row.getLong("id"),
        Columns.instant(row, "at"),
        row.getString("actor"),
        row.getString("role"),
        row.getString("action"),
        row.getString("target"),
        row.getString("outcome"),
        row.getString("address"),
        row.getString("request_id"));
  }
}
