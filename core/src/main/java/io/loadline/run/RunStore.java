package io.loadline.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.loadline.LoadlineException;
import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.RunHistograms;
import io.loadline.engine.RunSummary;
import io.loadline.engine.metrics.LatencyHistograms;
import io.loadline.store.Database;
import io.loadline.store.StoredPlan;
import io.loadline.threshold.ThresholdResult;
import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
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
          + " duration_ms, summary_json, error, thresholds_json";
  private static final String LATENCY = "latency";
  private static final String SERVICE_TIME = "service_time";
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
    String thresholdsJson = write(ending.thresholds());
    List<HistogramRow> histogramRows = histogramRows(ending.histograms());
    return database.inTransaction(
        handle -> {
          boolean finished = updateTerminal(handle, runId, ending, summaryJson, thresholdsJson);
          if (finished) {
            insertHistograms(handle, runId, histogramRows);
          }
          return finished;
        });
  }

  private static boolean updateTerminal(
      Handle handle, long runId, RunEnding ending, String summaryJson, String thresholdsJson) {
    return handle
            .createUpdate(
                "UPDATE runs SET state = ?, stop_reason = ?,"
                    + " started_at = COALESCE(started_at, ?), ended_at = ?,"
                    + " duration_ms = ?, summary_json = ?, error = ?,"
                    + " thresholds_json = ?"
                    + " WHERE id = ? AND "
                    + ACTIVE)
            .bind(0, ending.state().name())
            .bind(1, ending.stopReason())
            .bind(2, ending.startedAt() == null ? null : ending.startedAt().toEpochMilli())
            .bind(3, ending.endedAt().toEpochMilli())
            .bind(4, ending.durationMillis())
            .bind(5, summaryJson)
            .bind(6, ending.error())
            .bind(7, thresholdsJson)
            .bind(8, runId)
            .execute()
        > 0;
  }

  /** One encoded histogram row of run_histograms. */
  private record HistogramRow(String scenario, String step, String kind, byte[] encoded) {}

  private static List<HistogramRow> histogramRows(RunHistograms histograms) {
    List<HistogramRow> rows = new ArrayList<>();
    for (RunHistograms.ScenarioHistograms scenario : histograms.scenarios()) {
      for (RunHistograms.StepHistograms step : scenario.steps()) {
        rows.add(
            new HistogramRow(scenario.scenario(), step.step(), LATENCY, encode(step.latency())));
        rows.add(
            new HistogramRow(
                scenario.scenario(), step.step(), SERVICE_TIME, encode(step.serviceTime())));
      }
    }
    return rows;
  }

  private static void insertHistograms(Handle handle, long runId, List<HistogramRow> rows) {
    for (HistogramRow row : rows) {
      handle
          .createUpdate(
              "INSERT OR REPLACE INTO run_histograms (run_id, scenario, step, kind, encoded)"
                  + " VALUES (?, ?, ?, ?, ?)")
          .bind(0, runId)
          .bind(1, row.scenario())
          .bind(2, row.step())
          .bind(3, row.kind())
          .bind(4, row.encoded())
          .execute();
    }
  }

  private static byte[] encode(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    byte[] encoded = new byte[length];
    buffer.flip();
    buffer.get(encoded);
    return encoded;
  }

  /**
   * The final per-step histograms of a finished run, in the order they were stored (plan order);
   * {@link RunHistograms#EMPTY} for a run that kept none.
   */
  RunHistograms histograms(long runId) {
    record Row(String scenario, String step, String kind, byte[] encoded) {}
    List<Row> rows =
        database.withHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT scenario, step, kind, encoded FROM run_histograms"
                            + " WHERE run_id = ? ORDER BY rowid")
                    .bind(0, runId)
                    .map(
                        (row, context) ->
                            new Row(
                                row.getString("scenario"),
                                row.getString("step"),
                                row.getString("kind"),
                                row.getBytes("encoded")))
                    .list());
    Map<String, Map<String, Histogram[]>> byScenario = new LinkedHashMap<>();
    for (Row row : rows) {
      Histogram[] pair =
          byScenario
              .computeIfAbsent(row.scenario(), name -> new LinkedHashMap<>())
              .computeIfAbsent(row.step(), name -> new Histogram[2]);
      pair[LATENCY.equals(row.kind()) ? 0 : 1] = decode(row.encoded());
    }
    List<RunHistograms.ScenarioHistograms> scenarios = new ArrayList<>();
    byScenario.forEach(
        (scenario, steps) -> {
          List<RunHistograms.StepHistograms> stepHistograms = new ArrayList<>();
          steps.forEach(
              (step, pair) ->
                  stepHistograms.add(
                      new RunHistograms.StepHistograms(step, orEmpty(pair[0]), orEmpty(pair[1]))));
          scenarios.add(new RunHistograms.ScenarioHistograms(scenario, stepHistograms));
        });
    return new RunHistograms(scenarios);
  }

  private static Histogram decode(byte[] encoded) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded), 0);
    } catch (DataFormatException e) {
      throw new LoadlineException("A stored histogram could not be decoded", e);
    }
  }

  private static Histogram orEmpty(Histogram histogram) {
    return histogram != null ? histogram : LatencyHistograms.newHistogram();
  }

  /** Stores one interval snapshot; a repeated second replaces the earlier row. */
  void appendInterval(long runId, IntervalSnapshot snapshot) {
    appendIntervals(runId, List.of(snapshot));
  }

  /**
   * Stores a run's interval snapshots in one transaction and one prepared batch, which SQLite does
   * far faster than a transaction per row; a repeated second replaces the earlier row.
   */
  void appendIntervals(long runId, List<IntervalSnapshot> snapshots) {
    List<String> payloads = snapshots.stream().map(this::write).toList();
    database.useTransaction(
        handle -> {
          PreparedBatch batch =
              handle.prepareBatch(
                  "INSERT INTO run_series (run_id, second, payload_json) VALUES (?, ?, ?)"
                      + " ON CONFLICT (run_id, second)"
                      + " DO UPDATE SET payload_json = excluded.payload_json");
          for (int index = 0; index < snapshots.size(); index++) {
            batch
                .bind(0, runId)
                .bind(1, snapshots.get(index).second())
                .bind(2, payloads.get(index));
            batch.add();
          }
          batch.execute();
        });
  }

  /**
   * At most {@code limit} of a run's interval snapshots from second {@code fromSecond} on, oldest
   * first.
   */
  List<IntervalSnapshot> series(long runId, long fromSecond, int limit) {
    return database.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT payload_json FROM run_series WHERE run_id = ? AND second >= ?"
                        + " ORDER BY second LIMIT ?")
                .bind(0, runId)
                .bind(1, fromSecond)
                .bind(2, limit)
                .mapTo(String.class)
                .map(payload -> read(payload, IntervalSnapshot.class))
                .list());
  }

  /**
   * At most {@code maxPoints} of a run's interval snapshots, oldest first: all of them when they
   * span no more seconds than that, else every k-th second counted back from the newest (k the
   * smallest step that fits), so the newest is always there. Reads only the rows it returns.
   */
  List<IntervalSnapshot> seriesSampled(long runId, int maxPoints) {
    return database.withHandle(
        handle -> {
          long[] span =
              handle
                  .createQuery(
                      "SELECT COALESCE(MIN(second), -1) AS first, COALESCE(MAX(second), -1) AS last"
                          + " FROM run_series WHERE run_id = ?")
                  .bind(0, runId)
                  .map((row, context) -> new long[] {row.getLong("first"), row.getLong("last")})
                  .one();
          if (span[1] < 0) {
            return List.of();
          }
          long seconds = span[1] - span[0] + 1;
          long step = Math.max(1, (seconds + maxPoints - 1) / maxPoints);
          return handle
              .createQuery(
                  "SELECT payload_json FROM run_series WHERE run_id = ? AND (? - second) % ? = 0"
                      + " ORDER BY second")
              .bind(0, runId)
              .bind(1, span[1])
              .bind(2, step)
              .mapTo(String.class)
              .map(payload -> read(payload, IntervalSnapshot.class))
              .list();
        });
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

  /** The plan's baseline run id, if one is marked. */
  Optional<Long> baselineRunId(long planId) {
    return database.withHandle(
        handle ->
            handle
                .createQuery("SELECT baseline_run_id FROM plans WHERE id = ?")
                .bind(0, planId)
                .mapTo(Long.class)
                .findOne()
                .filter(java.util.Objects::nonNull));
  }

  /** Marks a run as its plan's baseline (or clears it with null); false for an unknown plan. */
  boolean setBaseline(long planId, Long runId) {
    return database.inTransaction(
        handle ->
            handle
                    .createUpdate("UPDATE plans SET baseline_run_id = ? WHERE id = ?")
                    .bind(0, runId)
                    .bind(1, planId)
                    .execute()
                > 0);
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
        row.getString("error"),
        thresholds(id, row.getString("thresholds_json")));
  }

  private List<ThresholdResult> thresholds(long runId, String thresholdsJson) {
    if (thresholdsJson == null) {
      return List.of();
    }
    try {
      return List.of(json.readValue(thresholdsJson, ThresholdResult[].class));
    } catch (JsonProcessingException e) {
      try (RunLogContext ignored = RunLogContext.of(runId)) {
        log.warn("The stored thresholds of run {} could not be read: {}", runId, e.getMessage());
      }
      return List.of();
    }
  }

  private RunSummary summary(long runId, String summaryJson) {
    try {
      return json.readValue(summaryJson, RunSummary.class);
    } catch (JsonProcessingException e) {
      // A summary written by another version must not make the run unreadable.
      try (RunLogContext ignored = RunLogContext.of(runId)) {
        log.warn("The stored summary of run {} could not be read: {}", runId, e.getMessage());
      }
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
