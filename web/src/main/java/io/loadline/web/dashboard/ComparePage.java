package io.loadline.web.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.loadline.compare.RunComparison;
import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.ScenarioInterval;
import io.loadline.run.RunService;
import io.loadline.web.api.CompareApi;
import io.loadline.web.auth.Access;
import io.loadline.web.http.RouteTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard's comparison page, {@code /compare?runs=1,2[&tolerance=10]} or {@code
 * /compare?runs=1&runs=2}: the runs side by side per scenario and step with each change against the
 * first run (regressions marked), and the p95 latency of every run over time in one overlaid chart
 * (uPlot from the server's webjars, drawn by {@code /static/compare.js} from a JSON data block, so
 * the page has no inline script or style for the content security policy to refuse). A page of its
 * own, outside the jte layout, so that it adds no template. Thread-safe.
 */
public final class ComparePage {

  private static final String UPLOT = "/webjars/uplot/1.6.30/dist/";

  private final RunService runs;
  private final ObjectMapper json;

  public ComparePage(RunService runs, ObjectMapper json) {
    this.runs = runs;
    this.json = json;
  }

  public void addRoutes(RouteTable.Builder table) {
    table.get("/compare", Access.VIEWER, this::page);
  }

  private void page(Context context) throws Exception {
    RunComparison comparison = CompareApi.comparison(context, runs);
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"color-scheme\" content=\"light dark\">\n")
        .append("<title>Compare runs ")
        .append(comparison.runIds())
        .append("</title>\n<link rel=\"stylesheet\" href=\"/static/loadline.css\">\n")
        .append("<link rel=\"stylesheet\" href=\"" + UPLOT + "uPlot.min.css\">\n")
        .append("<script src=\"" + UPLOT + "uPlot.iife.min.js\" defer></script>\n")
        .append("<script src=\"/static/compare.js\" defer></script>\n</head><body><main>\n")
        .append("<p><a href=\"/\">Loadline</a></p><h1>Compare runs</h1>\n<p>Runs ");
    for (long id : comparison.runIds()) {
      html.append("<a href=\"/runs/").append(id).append("\">#").append(id).append("</a> ");
    }
    html.append("of <a href=\"/plans/")
        .append(comparison.planId())
        .append("\">plan ")
        .append(comparison.planId())
        .append("</a>; changes against run #")
        .append(comparison.runIds().getFirst())
        .append(", tolerance ")
        .append(number(comparison.tolerancePercent()))
        .append(" %. Latency in ms from each request's intended start.</p>\n")
        .append("<div class=\"compare-chart\" id=\"p95\"></div>\n");
    appendTable(html, comparison);
    // A data block is never executed, so the content security policy lets it be inline.
    html.append("<script type=\"application/json\" id=\"compare-series\">")
        .append(json.writeValueAsString(p95Series(comparison.runIds())).replace("<", "\\u003c"))
        .append("</script>\n</main></body></html>\n");
    context.html(html.toString());
  }

  private static void appendTable(StringBuilder html, RunComparison comparison) {
    html.append("<div class=\"scroll\"><table class=\"grid comparison\"><thead><tr>")
        .append("<th>scenario / step</th><th>metric</th>");
    for (long id : comparison.runIds()) {
      html.append("<th>#").append(id).append("</th>");
    }
    for (long id : comparison.runIds().subList(1, comparison.runIds().size())) {
      html.append("<th>#").append(id).append(" change</th>");
    }
    html.append("</tr></thead><tbody>\n");
    for (RunComparison.Row row : comparison.rows()) {
      for (RunComparison.MetricComparison metric : row.metrics()) {
        html.append("<tr><td>")
            .append(escape(row.label()))
            .append("</td><td>")
            .append(metric.metric())
            .append("</td>");
        for (Double value : metric.values()) {
          html.append("<td>").append(value == null ? "-" : number(value)).append("</td>");
        }
        for (RunComparison.Change change : metric.changes()) {
          html.append(change.regression() ? "<td class=\"regression\">" : "<td>")
              .append(change.absolute() == null ? "-" : signed(change.absolute()))
              .append(change.percent() == null ? "" : " (" + signed(change.percent()) + " %)")
              .append(change.regression() ? " regression" : "")
              .append("</td>");
        }
        html.append("</tr>\n");
      }
    }
    html.append("</tbody></table></div>\n");
  }

  /** Per run, the p95 of each interval over all scenarios' worst p95, by second. */
  private Map<String, Object> p95Series(List<Long> runIds) {
    Map<String, Object> data = new LinkedHashMap<>();
    int longest = 0;
    List<List<Double>> lines = new ArrayList<>();
    for (long id : runIds) {
      List<Double> line = new ArrayList<>();
      for (IntervalSnapshot snapshot : runs.series(id)) {
        Double worst = null;
        for (ScenarioInterval scenario : snapshot.scenarios()) {
          Double p95 = scenario.latency().p95Millis();
          if (p95 != null && (worst == null || p95 > worst)) {
            worst = p95;
          }
        }
        line.add(worst);
      }
      longest = Math.max(longest, line.size());
      lines.add(line);
    }
    List<Integer> seconds = new ArrayList<>();
    for (int second = 1; second <= longest; second++) {
      seconds.add(second);
    }
    for (List<Double> line : lines) {
      while (line.size() < longest) {
        line.add(null);
      }
    }
    data.put("seconds", seconds);
    data.put("runs", runIds);
    data.put("p95", lines);
    return data;
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.3f", value).replaceAll("\\.?0+$", "");
  }

  private static String signed(double value) {
    return (value > 0 ? "+" : "") + number(value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
