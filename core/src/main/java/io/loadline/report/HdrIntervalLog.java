package io.loadline.report;

import io.loadline.engine.RunHistograms;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * A finished run's final histograms in HdrHistogram's interval log format, written by its own
 * {@link HistogramLogWriter} so that {@code HistogramLogProcessor} and other HdrHistogram tools
 * read it. One interval covering the whole run per step and kind, tagged {@code
 * scenario/step/latency} or {@code scenario/step/service_time} (spaces and commas in names become
 * underscores). Values are microseconds; the max column is in seconds (value unit ratio 1e6).
 * Stateless and thread-safe.
 */
public final class HdrIntervalLog {

  /** Microseconds per second: the ratio that turns the max column into seconds. */
  private static final double MICROS_PER_SECOND = 1e6;

  private HdrIntervalLog() {}

  /**
   * The log's text.
   *
   * @param startedAt the run's start, the log's base time; null writes the epoch
   * @param endedAt the run's end, each interval's end; null gives zero-length intervals
   */
  public static String render(RunHistograms histograms, Instant startedAt, Instant endedAt) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      HistogramLogWriter writer = new HistogramLogWriter(stream);
      long startMillis = startedAt == null ? 0 : startedAt.toEpochMilli();
      long endMillis =
          endedAt == null ? startMillis : Math.max(startMillis, endedAt.toEpochMilli());
      writer.outputComment("Loadline final histograms per step; values in microseconds");
      writer.outputLogFormatVersion();
      writer.outputStartTime(startMillis);
      writer.setBaseTime(startMillis);
      writer.outputLegend();
      for (RunHistograms.ScenarioHistograms scenario : histograms.scenarios()) {
        for (RunHistograms.StepHistograms step : scenario.steps()) {
          String prefix = tag(scenario.scenario()) + "/" + tag(step.step()) + "/";
          write(writer, step.latency(), prefix + "latency", startMillis, endMillis);
          write(writer, step.serviceTime(), prefix + "service_time", startMillis, endMillis);
        }
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static void write(
      HistogramLogWriter writer, Histogram source, String tag, long startMillis, long endMillis) {
    Histogram histogram = source.copy();
    histogram.setTag(tag);
    histogram.setStartTimeStamp(startMillis);
    histogram.setEndTimeStamp(endMillis);
    writer.outputIntervalHistogram(histogram);
  }

  private static String tag(String name) {
    return name.replaceAll("[\\s,]", "_");
  }
}
