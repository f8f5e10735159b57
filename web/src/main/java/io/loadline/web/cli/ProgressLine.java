package io.loadline.web.cli;

import io.loadline.engine.LatencySummary;
import io.loadline.engine.RunSummary;
import io.loadline.engine.ScenarioSummary;
import io.loadline.web.report.Figures;
import java.util.Locale;

/**
 * Makes the once-a-second progress line of a headless run from successive live summaries: elapsed
 * time, requests, the request rate over the last interval, failures and p95 latency (the worst
 * scenario's when there are several, since percentiles cannot be added). Not thread-safe; one
 * reporting thread uses it.
 */
final class ProgressLine {

  private long previousRequests;
  private double previousElapsedSeconds;

  String next(RunSummary summary) {
    long requests = 0;
    long failures = 0;
    Double worstP95 = null;
    for (ScenarioSummary scenario : summary.scenarios()) {
      requests += scenario.requests();
      failures += scenario.failures();
      LatencySummary latency = scenario.latency();
      Double p95 = latency == null ? null : latency.p95Millis();
      if (p95 != null && (worstP95 == null || p95 > worstP95)) {
        worstP95 = p95;
      }
    }
    double interval = summary.elapsedSeconds() - previousElapsedSeconds;
    Double rate = interval > 0 ? (requests - previousRequests) / interval : null;
    previousRequests = requests;
    previousElapsedSeconds = summary.elapsedSeconds();
    String p95Label = summary.scenarios().size() > 1 ? "worst p95 " : "p95 ";
    return String.format(
        Locale.ROOT,
        "[%6.1f s] requests %d  rate %s  errors %d  %s%s",
        summary.elapsedSeconds(),
        requests,
        Figures.rate(rate),
        failures,
        p95Label,
        Figures.millis(worstP95));
  }
}
