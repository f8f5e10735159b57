package io.loadline.web.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.RunObserver;
import io.loadline.web.http.JsonMapping;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a headless run's 1 s interval snapshots for its report files ({@code run --report-dir}) in
 * a temporary file, one JSON line each, instead of in memory, so that the generator's heap does not
 * grow with the run's duration (about 1 KB a second per step: 86 MB a step in a day). The list is
 * read back once, at the end, for the CSV and HTML reports. Owned by the run command; thread-safe:
 * the engine's reporting thread appends, the command thread reads and closes.
 */
final class IntervalSpool implements RunObserver, AutoCloseable {

  private final ObjectMapper json =
      JsonMapping.newObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private final Path file;
  private final BufferedWriter writer;
  private IOException failure;

  IntervalSpool() {
    try {
      file = Files.createTempFile("loadline-intervals-", ".jsonl");
      writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not create a temporary file for the run's intervals", e);
    }
  }

  @Override
  public synchronized void onInterval(IntervalSnapshot snapshot) {
    if (failure != null) {
      return;
    }
    try {
      writer.write(json.writeValueAsString(snapshot));
      writer.newLine();
    } catch (IOException e) {
      // The run goes on; reading the intervals back reports it.
      failure = e;
    }
  }

  /** Every interval appended so far, oldest first. */
  synchronized List<IntervalSnapshot> intervals() {
    if (failure != null) {
      throw new UncheckedIOException("Could not keep the run's intervals in " + file, failure);
    }
    List<IntervalSnapshot> intervals = new ArrayList<>();
    try {
      writer.flush();
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          intervals.add(json.readValue(line, IntervalSnapshot.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the run's intervals back from " + file, e);
    }
    return intervals;
  }

  /** The temporary file, for tests. */
  Path file() {
    return file;
  }

  /** Deletes the temporary file. */
  @Override
  public synchronized void close() {
    try {
      writer.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete the temporary file " + file, e);
    }
  }
}
