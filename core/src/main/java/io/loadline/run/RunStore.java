package io.loadline.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.loadline.LoadlineException;
import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.RunSummary;
import io.loadline.store.Database;
import io.loadline.store.StoredPlan;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL of runs and their 1 s series, for {@link RunService}. Thread-safe; holds no state but its
 * JSON mapper. Summaries and interval snapshots are kept as JSON so that their records can grow
 * without a migration.
 *
 * <p>Every terminal write is guarded by {@code state IN ('PENDING', 'RUNNING')}: a terminal state
 * is written once and a later write for the same run changes nothing.
 */
final class RunStore {

  private static final Logger log = LoggerFactory.getLogger(RunStore.class);

  private static final String COLUMNS =
      "id, plan_id, plan_name, state, stop_reason, created_at, started_at, ended_at,"
          + " duration_ms, summary_json, error";
  private static final String ACTIVE = "state IN ('PENDING', 'RUNNING')";

  private final Database database;
  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  RunStore(Database database) {
    this.database = database;
  }

  /**
   * Marks every PENDING or RUNNING run INTERRUPTED, in one transaction. The duration stays null:
   * nobody knows when such a run really stopped.
   *
   * @return how many runs were marked
   */
  int interruptActive(Instant now) {
    return database.inTransaction(
        handle ->
            handle
                .createUpdate(
                    "UPDATE runs SET state = 'INTERRUPTED', stop_reason = 'interrupted',"
                        + " ended_at = ? WHERE "
                        + ACTIVE)
                .bind(0, now.toEpochMilli())
                .execute());
  }

  /** Inserts a PENDING run of the plan, with a snapshot of its name and source; returns its id. */
  long insertPending(StoredPlan plan, Instant createdAt) {
    return database.inTransaction(
        handle ->
            handle
                .createUpdate(
                    "INSERT INTO runs (plan_id, plan_name, plan_source, state, created_at)"
                        + " VALUES (?, ?, ?, 'PENDING', ?)")
                .bind(0, plan.id())
                .bind(1, plan.name())
                .bind(2, plan.source())
                .bind(3, createdAt.toEpochMilli())
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
  }

  /** PENDING to RUNNING; false when the run had already left PENDING. */
  boolean markRunning(long runId, Instant startedAt) {
    return database.inTransaction(
        handle ->
            handle
                    .createUpdate(
                        "UPDATE runs SET state = 'RUNNING', started_at = ?"
                            + " WHERE id = ? AND state = 'PENDING'")
                    .bind(0, startedAt.toEpochMilli())
                    .bind(1, runId)
                    .execute()
                > 0);
  }

  /** Writes the terminal state; false when the run was already terminal (nothing is changed). */
  boolean finish(long runId, RunEnding ending) {
    String summaryJson = ending.summary() == null ? null : write(ending.summary());
    return database.inTransaction(
        handle ->
            handle
                    .createUpdate(
                        "UPDATE runs SET state = ?, stop_reason = ?,"
                            + " started_at = COALESCE(started_at, ?), ended_at = ?,"
                            + " duration_ms = ?, summary_json = ?, error = ?"
                            + " WHERE id = ? AND "
                            + ACTIVE)
                    .bind(0, ending.state().name())
                    .bind(1, ending.stopReason())
                    .bind(2, ending.startedAt() == null ? null : ending.startedAt().toEpochMilli())
                    .bind(3, ending.endedAt().toEpochMilli())
                    .bind(4, ending.durationMillis())
                    .bind(5, summaryJson)
                    .bind(6, ending.error())
                    .bind(7, runId)
                    .execute()
                > 0);
  }

  /** Stores one interval snapshot; a repeated second replaces the earlier row. */
  void appendInterval(long runId, IntervalSnapshot snapshot) {
    String payload = write(snapshot);
    database.useTransaction(
        handle ->
            handle
                .createUpdate(
                    "INSERT INTO run_series (run_id, second, payload_json) VALUES (?, ?, ?)"
                        + " ON CONFLICT (run_id, second)"
                        + " DO UPDATE SET payload_json = excluded.payload_json")
                .bind(0, runId)
                .bind(1, snapshot.second())
                .bind(2, payload)
                .execute());
  }

  /** A run's interval snapshots, oldest first. */
  List<IntervalSnapshot> series(long runId) {
    return database.withHandle(
        handle ->
            handle
                .createQuery("SELECT payload_json FROM run_series WHERE run_id = ? ORDER BY second")
                .bind(0, runId)
                .mapTo(String.class)
                .map(payload -> read(payload, IntervalSnapshot.class))
                .list());
  }

  /** The plan source the run was started from, kept even when the plan is edited or deleted. */
  Optional<String> planSource(long runId) {
    return database.withHandle(
        handle ->
            handle
                .createQuery("SELECT plan_source FROM runs WHERE id = ?")
                .bind(0, runId)
                .mapTo(String.class)
                .findOne());
  }

  Optional<RunRecord> find(long runId) {
    return database.withHandle(
        handle ->
            handle
                .createQuery("SELECT " + COLUMNS + " FROM runs WHERE id = ?")
                .bind(0, runId)
                .map((row, context) -> record(row))
                .findOne());
  }

  /** Runs newest first, of one plan or of all. */
  List<RunRecord> list(Optional<Long> planId, int limit) {
    String where = planId.isPresent() ? " WHERE plan_id = :planId" : "";
    return database.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT " + COLUMNS + " FROM runs" + where + " ORDER BY id DESC LIMIT :limit")
                .bind("planId", planId.orElse(null))
                .bind("limit", limit)
                .map((row, context) -> record(row))
                .list());
  }

  private RunRecord record(ResultSet row) throws SQLException {
    long id = row.getLong("id");
    long durationMillis = row.getLong("duration_ms");
    Long duration = row.wasNull() ? null : durationMillis;
    String summaryJson = row.getString("summary_json");
    return new RunRecord(
        id,
        row.getLong("plan_id"),
        row.getString("plan_name"),
        RunState.valueOf(row.getString("state")),
        row.getString("stop_reason"),
        instant(row, "created_at"),
        instant(row, "started_at"),
        instant(row, "ended_at"),
        duration,
        summaryJson == null ? null : summary(id, summaryJson),
        row.getString("error"));
  }

  private RunSummary summary(long runId, String summaryJson) {
    try {
      return json.readValue(summaryJson, RunSummary.class);
    } catch (JsonProcessingException e) {
      // A summary written by another version must not make the run unreadable.
      log.warn("The stored summary of run {} could not be read: {}", runId, e.getMessage());
      return null;
    }
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new LoadlineException("Could not write " + value.getClass().getSimpleName(), e);
    }
  }

  private <T> T read(String payload, Class<T> type) {
    try {
      return json.readValue(payload, type);
    } catch (JsonProcessingException e) {
      throw new LoadlineException("Could not read a stored " + type.getSimpleName(), e);
    }
  }

  private static Instant instant(ResultSet row, String column) throws SQLException {
    long millis = row.getLong(column);
    return row.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}
