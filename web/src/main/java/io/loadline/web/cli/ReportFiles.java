package io.loadline.web.cli;

import io.loadline.LoadlineException;
import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.RunHistograms;
import io.loadline.report.HdrIntervalLog;
import io.loadline.report.RunReport;
import io.loadline.report.SeriesCsv;
import io.loadline.web.http.JsonMapping;
import io.loadline.web.report.HtmlReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the four reports of a run into {@code run --report-dir}: {@code report.json}, {@code
 * series.csv}, {@code report.html} and {@code histograms.hlog}. Stateless.
 */
final class ReportFiles {

  static final String JSON = "report.json";
  static final String CSV = "series.csv";
  static final String HTML = "report.html";
  static final String HDR = "histograms.hlog";

  private ReportFiles() {}

  /** Writes the reports of a run this process ran. */
  static void write(
      Path directory, RunReport report, List<IntervalSnapshot> series, RunHistograms histograms) {
    var json = JsonMapping.newObjectMapper();
    try {
      Files.createDirectories(directory);
      write(
          directory.resolve(JSON),
          json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
      write(directory.resolve(CSV), SeriesCsv.render(series));
      write(directory.resolve(HTML), new HtmlReport(json).render(report, series));
      write(
          directory.resolve(HDR),
          HdrIntervalLog.render(histograms, report.startedAt(), report.endedAt()));
    } catch (IOException e) {
      throw new LoadlineException("Cannot write the reports into " + directory + ": " + e, e);
    }
  }

  /** Fetches and writes the reports of a server's run. */
  static void fetch(Path directory, RemoteRun remote, long runId) throws InterruptedException {
    String base = "api/v1/runs/" + runId + "/report.";
    try {
      Files.createDirectories(directory);
      write(directory.resolve(JSON), remote.text(base + "json"));
      write(directory.resolve(CSV), remote.text(base + "csv"));
      write(directory.resolve(HTML), remote.text(base + "html"));
      write(directory.resolve(HDR), remote.text(base + "hlog"));
    } catch (IOException e) {
      throw new LoadlineException("Cannot write the reports into " + directory + ": " + e, e);
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
