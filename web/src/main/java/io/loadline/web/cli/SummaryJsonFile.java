package io.loadline.web.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.RunObserver;
import io.loadline.engine.RunResult;
import io.loadline.web.http.JsonMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a headless run's 1 s interval snapshots and writes them with the final result as one
 * JSON document ({@code loadline run --summary-json FILE}), for scripts such as the benchmark
 * harness. Uses the API's JSON settings. Keeps one small snapshot per second of the run, so its
 * memory grows with the duration (about a kilobyte a second); not meant for day-long runs.
 * Thread-safe: the engine's reporting thread adds snapshots, the command thread writes the file.
 */
final class SummaryJsonFile implements RunObserver {

  /**
   * The document written: the run's end, its final summary and every interval snapshot in order.
   */
  record Document(RunResult result, List<IntervalSnapshot> intervals) {}

  private final Path file;
  private final List<IntervalSnapshot> intervals = new ArrayList<>();

  SummaryJsonFile(Path file) {
    this.file = file;
  }

  @Override
  public synchronized void onInterval(IntervalSnapshot snapshot) {
    intervals.add(snapshot);
  }

  /** Writes the document, replacing the file. */
  synchronized void write(RunResult result) {
    ObjectMapper json = JsonMapping.newObjectMapper();
    try {
      json.writerWithDefaultPrettyPrinter()
          .writeValue(file.toFile(), new Document(result, List.copyOf(intervals)));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the summary JSON to " + file, e);
    }
  }
}
