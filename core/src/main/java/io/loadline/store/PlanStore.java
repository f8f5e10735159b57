package io.loadline.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Plans in the database, each with its source text exactly as the user sent it. Thread-safe; holds
 * no state of its own. Deleting a plan keeps its runs, which carry their own copy of the source.
 */
public final class PlanStore {

  /** The formats a plan's source may be written in. */
  public static final Set<String> FORMATS = Set.of("yaml", "json");

  private static final String COLUMNS = "id, name, format, source, created_at, updated_at";

  private final Database database;

  public PlanStore(Database database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  /**
   * Stores a new plan.
   *
   * @param format {@code yaml} or {@code json}
   */
  public StoredPlan create(String name, String format, String source) {
    checkArguments(name, format, source);
    Instant now = Columns.now();
    long id =
        database.inTransaction(
            handle ->
                handle
                    .createUpdate(
                        "INSERT INTO plans (name, format, source, created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?)")
                    .bind(0, name)
                    .bind(1, format)
                    .bind(2, source)
                    .bind(3, now.toEpochMilli())
                    .bind(4, now.toEpochMilli())
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
    return new StoredPlan(id, name, format, source, now, now);
  }

  public Optional<StoredPlan> find(long id) {
    return database.withHandle(
        handle ->
            handle
                .createQuery("SELECT " + COLUMNS + " FROM plans WHERE id = ?")
                .bind(0, id)
                .map((row, context) -> plan(row))
                .findOne());
  }

  /** Every plan, newest first. */
  public List<StoredPlan> list() {
    return database.withHandle(
        handle ->
            handle
                .createQuery("SELECT " + COLUMNS + " FROM plans ORDER BY id DESC")
                .map((row, context) -> plan(row))
                .list());
  }

  /** Replaces a plan's name, format and source; empty when it does not exist. */
  public Optional<StoredPlan> update(long id, String name, String format, String source) {
    checkArguments(name, format, source);
    long now = Columns.now().toEpochMilli();
    return database.inTransaction(
        handle -> {
          int changed =
              handle
                  .createUpdate(
                      "UPDATE plans SET name = ?, format = ?, source = ?, updated_at = ?"
                          + " WHERE id = ?")
                  .bind(0, name)
                  .bind(1, format)
                  .bind(2, source)
                  .bind(3, now)
                  .bind(4, id)
                  .execute();
          if (changed == 0) {
            return Optional.empty();
          }
          return handle
              .createQuery("SELECT " + COLUMNS + " FROM plans WHERE id = ?")
              .bind(0, id)
              .map((row, context) -> plan(row))
              .findOne();
        });
  }

  /** Deletes a plan; false when it did not exist. Its runs are kept. */
  public boolean delete(long id) {
    return database.inTransaction(
        handle -> handle.createUpdate("DELETE FROM plans WHERE id = ?").bind(0, id).execute() > 0);
  }

  private static void checkArguments(String name, String format, String source) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException(
          "A plan's format must be one of " + FORMATS + ", not " + format);
    }
  }

  private static StoredPlan plan(ResultSet row) throws SQLException {
    return new StoredPlan(
        row.getLong("id"),
        row.getString("name"),
        row.getString("format"),
        row.getString("source"),
        Columns.instant(row, "created_at"),
        Columns.instant(row, "updated_at"));
  }
}
