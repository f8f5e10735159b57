package io.loadline.web.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.RunObserver;
import io.loadline.engine.RunResult;
import io.loadline.web.http.JsonMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Writes a headless run's 1 s interval snapshots and its final result as one JSON document, {@code
 * {"intervals": [...], "result": {...}}} ({@code loadline run --summary-json FILE}), for scripts
 * such as the benchmark harness. Uses the API's JSON settings.
 *
 * <p>Each snapshot is written to the file as it arrives and then dropped, so the generator's memory
 * does not grow with the run's duration (the benchmark's heap check runs with this file open). The
 * document is complete once {@link #write} has run. Thread-safe: the engine's reporting thread adds
 * snapshots, the command thread writes the result.
 */
final class SummaryJsonFile implements RunObserver {

  private final Path file;
  private final JsonGenerator generator;
  private boolean failed;

  SummaryJsonFile(Path file) {
    this.file = file;
    ObjectMapper json = JsonMapping.newObjectMapper();
    try {
      this.generator = json.getFactory().createGenerator(file.toFile(), JsonEncoding.UTF8);
      generator.setCodec(json);
      generator.useDefaultPrettyPrinter();
      generator.writeStartObject();
      generator.writeArrayFieldStart("intervals");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open the summary JSON file " + file, e);
    }
  }

  @Override
  public synchronized void onInterval(IntervalSnapshot snapshot) {
    if (failed) {
      return;
    }
    try {
      generator.writeObject(snapshot);
      generator.flush();
    } catch (IOException e) {
      // The run goes on; the end reports that the file is incomplete.
      failed = true;
    }
  }

  /** Ends the intervals, writes the result and closes the file. */
  synchronized void write(RunResult result) {
    try (JsonGenerator closing = generator) {
      closing.writeEndArray();
      closing.writeObjectField("result", result);
      closing.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the summary JSON to " + file, e);
    }
    if (failed) {
      throw new UncheckedIOException(
          "Could not write every interval to " + file + "; the file is incomplete",
          new IOException("interval write failed"));
    }
  }
}
