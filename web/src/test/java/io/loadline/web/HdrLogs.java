package io.loadline.web;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/** Reads a run's report.hlog back with HdrHistogram's own reader, for report tests. */
public final class HdrLogs {

  private HdrLogs() {}

  /**
   * What an HdrHistogram log holds: how many histograms, and the values counted in those whose tag
   * ends in {@code /latency} (the corrected latency of each step).
   */
  public record Counts(int histograms, long latencyValues) {}

  /** Reads every interval histogram of {@code hlog}, the text of a report.hlog. */
  public static Counts read(String hlog) {
    HistogramLogReader reader =
        new HistogramLogReader(new ByteArrayInputStream(hlog.getBytes(StandardCharsets.UTF_8)));
    int histograms = 0;
    long latencyValues = 0;
    for (EncodableHistogram histogram = reader.nextIntervalHistogram();
        histogram != null;
        histogram = reader.nextIntervalHistogram()) {
      histograms++;
      if (histogram.getTag().endsWith("/latency")) {
        latencyValues += ((Histogram) histogram).getTotalCount();
      }
    }
    return new Counts(histograms, latencyValues);
  }
}
