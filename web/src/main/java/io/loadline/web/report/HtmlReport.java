package io.loadline.web.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loadline.LoadlineException;
import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.ScenarioInterval;
import io.loadline.report.RunReport;
import io.loadline.report.ThresholdTable;
import io.loadline.threshold.ThresholdResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished run as one self-contained HTML file: uPlot's script and stylesheet are inlined from
 * its webjar, and the data is embedded as JSON, so the file opens with no network at all. It holds
 * charts of the request rate, the latency percentiles and the errors over time, the per-step table,
 * the thresholds and the plan. Thread-safe: the library text is read once at construction.
 */
public final class HtmlReport {

  private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

  private final String uplotScript;
  private final String style;
  private final String contentSecurityPolicy;
  private final ObjectMapper json;

  public HtmlReport(ObjectMapper json) {
    this.json = json;
    this.uplotScript = resource(UPLOT + "uPlot.iife.min.js");
    this.style = resource(UPLOT + "uPlot.min.css") + STYLE;
    this.contentSecurityPolicy =
        "default-src 'none'; script-src "
            + sha256Source(uplotScript)
            + " "
            + sha256Source(CHARTS)
            + "; style-src "
            + sha256Source(style)
            + "; img-src data:; frame-ancestors 'none'; form-action 'none'; base-uri 'none'";
  }

  /**
   * The content security policy to serve a report under: it allows exactly the report's own inline
   * script and style, by their SHA-256 hashes, and nothing from any address. The report stays one
   * self-contained file (it is also opened from disk, where no policy applies), so its code is
   * inline; the dashboard's policy, which refuses inline code, would stop it drawing.
   */
  public String contentSecurityPolicy() {
    return contentSecurityPolicy;
  }

  /** The report's HTML text. */
  public String render(RunReport report, List<IntervalSnapshot> series) {
    StringBuilder html = new StringBuilder(uplotScript.length() + 64_000);
    String title = "Loadline run " + report.runId() + " - " + report.planName();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(escape(title))
        .append("</title>\n<style>")
        .append(style)
        .append("</style>\n<script>")
        .append(uplotScript)
        .append("</script>\n</head><body>\n<h1>")
        .append(escape(title))
        .append("</h1>\n");
    appendOverview(html, report);
    html.append("<h2>Over time</h2>\n")
        .append("<div class=\"chart\" id=\"chart-rate\"></div>\n")
        .append("<div class=\"chart\" id=\"chart-latency\"></div>\n")
        .append("<div class=\"chart\" id=\"chart-errors\"></div>\n");
    appendSteps(html, report);
    appendChecks(html, CheckRow.of(report.summary()));
    appendFailures(html, FailureRow.of(report.summary()));
    appendThresholds(html, report.thresholds());
    html.append("<h2>Plan</h2>\n<pre>")
        .append(escape(report.planSource() == null ? "" : report.planSource()))
        .append("</pre>\n");
    html.append("<script type=\"application/json\" id=\"series\">")
        .append(scriptSafe(seriesJson(series)))
        .append("</script>\n<script>")
        .append(CHARTS)
        .append("</script>\n</body></html>\n");
    return html.toString();
  }

  private static void appendOverview(StringBuilder html, RunReport report) {
    RunReport.Totals totals = report.totals();
    html.append("<p class=\"state state-")
        .append(escape(report.state().toLowerCase(java.util.Locale.ROOT)))
        .append("\">")
        .append(escape(report.state()))
        .append(report.stopReason() == null ? "" : " (" + escape(report.stopReason()) + ")")
        .append("</p>\n<p>Started ")
        .append(report.startedAt() == null ? "-" : report.startedAt().toString())
        .append(", ended ")
        .append(report.endedAt() == null ? "-" : report.endedAt().toString())
        .append(report.durationMillis() == null ? "" : ", " + report.durationMillis() + " ms")
        .append(". ")
        .append(totals.requests())
        .append(" requests: ")
        .append(totals.successes())
        .append(" successes, ")
        .append(totals.failures())
        .append(" failures; ")
        .append(totals.dropped())
        .append(" arrivals dropped.</p>\n");
    if (report.error() != null) {
      html.append("<p class=\"error\">").append(escape(report.error())).append("</p>\n");
    }
  }

  private static void appendSteps(StringBuilder html, RunReport report) {
    html.append("<h2>Per step</h2>\n");
    if (report.summary() == null) {
      html.append("<p>The run has no figures.</p>\n");
      return;
    }
    // The table scrolls in its own box, so that its 19 columns never widen the whole page.
    html.append("<div class=\"scroll\"><table><thead><tr><th>scenario / step</th>");
    for (String heading : SummaryRow.HEADINGS) {
      html.append("<th>").append(escape(heading)).append("</th>");
    }
    html.append("</tr></thead><tbody>\n");
    for (SummaryRow row : SummaryRows.of(report.summary())) {
      html.append("<tr><td>")
          .append(row.scenarioRow() ? "" : "&nbsp;&nbsp;")
          .append(escape(row.label()))
          .append("</td>");
      for (String cell : row.figures()) {
        html.append("<td>").append(escape(cell)).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody></table></div>\n<p class=\"note\">")
        .append(escape(SummaryRow.LEGEND))
        .append("</p>\n");
  }

  private static void appendChecks(StringBuilder html, List<CheckRow> checks) {
    if (checks.isEmpty()) {
      return; // a plan without checks or extractions gets no empty section
    }
    html.append("<h2>Checks and extractions</h2>\n<div class=\"scroll\"><table><thead><tr>");
    for (String heading : CheckRow.HEADINGS) {
      html.append("<th>").append(escape(heading)).append("</th>");
    }
    html.append("</tr></thead><tbody>\n");
    for (CheckRow check : checks) {
      html.append("<tr class=\"").append(check.failed() > 0 ? "failed" : "passed").append("\">");
      for (String cell : check.cells()) {
        html.append("<td>").append(escape(cell)).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append(
        "</tbody></table></div>\n<p class=\"note\">A failed check or extraction (nothing"
            + " found, no default) ends its iteration, so its later steps were not sent; it does"
            + " not make the request a failure.</p>\n");
  }

  private static void appendFailures(StringBuilder html, List<FailureRow> failures) {
    if (failures.isEmpty()) {
      return; // a run without failures gets no empty section
    }
    html.append("<h2>Failures by message</h2>\n<div class=\"scroll\"><table><thead><tr>");
    for (String heading : FailureRow.HEADINGS) {
      html.append("<th>").append(escape(heading)).append("</th>");
    }
    html.append("</tr></thead><tbody>\n");
    for (FailureRow failure : failures) {
      html.append("<tr class=\"failed\">");
      for (String cell : failure.cells()) {
        html.append("<td>").append(escape(cell)).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody></table></div>\n<p class=\"note\">")
        .append(escape(FailureRow.NOTE))
        .append("</p>\n");
  }

  private static void appendThresholds(StringBuilder html, List<ThresholdResult> thresholds) {
    html.append("<h2>Thresholds</h2>\n");
    if (thresholds.isEmpty()) {
      html.append("<p>The plan has no thresholds.</p>\n");
      return;
    }
    html.append(
        "<table><thead><tr><th>scope</th><th>threshold</th><th>observed</th><th>verdict</th>"
            + "</tr></thead><tbody>\n");
    for (ThresholdResult result : thresholds) {
      html.append("<tr class=\"")
          .append(result.passed() ? "passed" : "failed")
          .append("\"><td>")
          .append(escape(result.scopeLabel()))
          .append("</td><td>")
          .append(escape(result.threshold()))
          .append("</td><td>")
          .append(escape(ThresholdTable.observed(result)))
          .append("</td><td>")
          .append(escape(result.verdict()))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
  }

  /** Per-second points summed over scenarios, latency percentiles per scenario. */
  private String seriesJson(List<IntervalSnapshot> series) {
    List<Long> seconds = new ArrayList<>();
    List<Long> requests = new ArrayList<>();
    List<Long> successes = new ArrayList<>();
    List<Long> failures = new ArrayList<>();
    Map<String, Map<String, List<Double>>> latency = new LinkedHashMap<>();
    for (IntervalSnapshot snapshot : series) {
      // Second 0 is the run's first second, as on the dashboard's charts and in the API.
      seconds.add(snapshot.second());
      long[] sums = new long[3];
      for (ScenarioInterval scenario : snapshot.scenarios()) {
        sums[0] += scenario.requests();
        sums[1] += scenario.successes();
        sums[2] += scenario.failures();
      }
      requests.add(sums[0]);
      successes.add(sums[1]);
      failures.add(sums[2]);
    }
    for (int index = 0; index < series.size(); index++) {
      for (ScenarioInterval scenario : series.get(index).scenarios()) {
        Map<String, List<Double>> byPercentile =
            latency.computeIfAbsent(scenario.scenario(), name -> newPercentiles(series.size()));
        byPercentile.get("p50").set(index, scenario.latency().p50Millis());
        byPercentile.get("p90").set(index, scenario.latency().p90Millis());
        byPercentile.get("p95").set(index, scenario.latency().p95Millis());
        byPercentile.get("p99").set(index, scenario.latency().p99Millis());
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("seconds", seconds);
    data.put("requests", requests);
    data.put("successes", successes);
    data.put("failures", failures);
    data.put("latency", latency);
    try {
      return json.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new LoadlineException("Could not write the report's series", e);
    }
  }

  private static Map<String, List<Double>> newPercentiles(int size) {
    Map<String, List<Double>> byPercentile = new LinkedHashMap<>();
    for (String percentile : List.of("p50", "p90", "p95", "p99")) {
      List<Double> values = new ArrayList<>(size);
      for (int index = 0; index < size; index++) {
        values.add(null);
      }
      byPercentile.put(percentile, values);
    }
    return byPercentile;
  }

  /** Text safe in HTML content and attributes. */
  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  /** JSON safe inside a script element: no sequence can close it. */
  private static String scriptSafe(String jsonText) {
    return jsonText.replace("<", "\\u003c");
  }

  /** A CSP source allowing the inline element whose text is {@code elementText}. */
  private static String sha256Source(String elementText) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(elementText.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the classpath (the uPlot webjar)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LoadlineException("Could not read " + name, e);
    }
  }

  private static final String STYLE =
      """

      body { font-family: system-ui, sans-serif; margin: 2rem; color: #1d2430; }
      table { border-collapse: collapse; margin: 0.5rem 0; }
      th, td { border: 1px solid #ccd; padding: 0.25rem 0.5rem; text-align: right; }
      th:first-child, td:first-child { text-align: left; }
      tr.failed td { background: #fde8e8; }
      tr.passed td { background: #e8f6ea; }
      .state { font-size: 1.4rem; font-weight: bold; }
      .state-passed { color: #1a7f37; }
      .state-failed, .state-aborted, .state-error { color: #b42318; }
      .chart { margin: 1rem 0; max-width: 100%; }
      .scroll { overflow-x: auto; max-width: 100%; }
      .uplot, .u-legend { max-width: 100%; }
      .u-legend { overflow-wrap: anywhere; }
      .note { color: #556; font-size: 0.9rem; }
      pre { background: #f4f5f7; padding: 1rem; overflow: auto; }
      """;

  /** Draws the three charts from the embedded series with uPlot. */
  private static final String CHARTS =
      """

      (function () {
        var data = JSON.parse(document.getElementById('series').textContent);
        var width = Math.min(1000, document.body.clientWidth - 40);
        function chart(id, title, unit, names, columns) {
          var series = [{label: 'second'}];
          var colours = ['#2f6fde', '#1a7f37', '#b42318', '#8250df', '#bf8700', '#0a7ea4'];
          names.forEach(function (name, i) {
            series.push({label: name, stroke: colours[i % colours.length], width: 2,
                         spanGaps: false, value: function (u, v) {
                           return v == null ? '-' : v + ' ' + unit; }});
          });
          var target = document.getElementById(id);
          target.setAttribute('data-points', String(data.seconds.length));
          new uPlot({title: title, width: width, height: 260, series: series,
                     scales: {x: {time: false}}},
                    [data.seconds].concat(columns), target);
        }
        chart('chart-rate', 'Requests per second', '/s', ['requests', 'successes'],
              [data.requests, data.successes]);
        var names = [], columns = [];
        Object.keys(data.latency).forEach(function (scenario) {
          ['p50', 'p90', 'p95', 'p99'].forEach(function (p) {
            names.push(scenario + ' ' + p);
            columns.push(data.latency[scenario][p]);
          });
        });
        chart('chart-latency', 'Latency percentiles (ms, from intended start)', 'ms',
              names, columns);
        chart('chart-errors', 'Failures per second', '/s', ['failures'], [data.failures]);
        document.body.setAttribute('data-charts', 'drawn');
      })();
      """;
}
