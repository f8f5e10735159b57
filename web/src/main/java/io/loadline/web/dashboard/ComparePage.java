package io.loadline.web.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.loadline.NotFoundException;
import io.loadline.compare.RunComparison;
import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.ScenarioInterval;
import io.loadline.run.RunService;
import io.loadline.web.api.CompareApi;
import io.loadline.web.auth.Access;
import io.loadline.web.auth.TokenService;
import io.loadline.web.http.RequestState;
import io.loadline.web.http.RouteTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard's comparison page, {@code /compare?runs=1,2[&tolerance=10]} or {@code
 * /compare?runs=1&runs=2}: the runs side by side per scenario and step with each change against the
 * first run (regressions marked), and the p95 latency of every run over time in one overlaid chart
 * (uPlot from the server's webjars, drawn by {@code /static/compare.js} from a JSON data block, so
 * the page has no inline script or style for the content security policy to refuse). Rendered in
 * the dashboard's layout ({@code compare.jte}). Without runs named the page says how to pick them
 * (200); a comparison the API would refuse shows the same hint under the reason, with the API's
 * status (400 or 404). Thread-safe.
 */
public final class ComparePage {

  private final RunService runs;
  private final ObjectMapper json;
  private final TokenService tokens;
  private final Templates templates;

  public ComparePage(RunService runs, ObjectMapper json, TokenService tokens, Templates templates) {
    this.runs = runs;
    this.json = json;
    this.tokens = tokens;
    this.templates = templates;
  }

  public void addRoutes(RouteTable.Builder table) {
    table.get("/compare", Access.VIEWER, this::page);
  }

  /**
   * A comparison as display text, for {@code compare.jte}.
   *
   * @param changedRunIds the runs after the first, each with a change column
   * @param seriesJson the chart's data, with {@code <} escaped so it can sit in a script element
   */
  public record ComparisonView(
      List<Long> runIds,
      List<Long> changedRunIds,
      long planId,
      String tolerance,
      List<Row> rows,
      String seriesJson) {}

  /** One metric of one scenario or step: each run's value, then each later run's change. */
  public record Row(String label, String metric, List<String> values, List<ChangeCell> changes) {}

  /** A change against the first run, with whether it is a regression beyond the tolerance. */
  public record ChangeCell(String text, boolean regression) {}

  private void page(Context context) throws Exception {
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("page", PageContext.of(RequestState.requirePrincipal(context), tokens));
    parameters.put("comparison", null);
    parameters.put("problem", null);
    if (context.queryParams("runs").stream().allMatch(String::isBlank)) {
      context.html(templates.render("compare.jte", parameters));
      return;
    }
    try {
      parameters.put("comparison", view(CompareApi.comparison(context, runs)));
    } catch (HttpResponseException refused) {
      context.status(refused.getStatus());
      parameters.put("problem", refused.getMessage());
    } catch (NotFoundException missing) {
      context.status(HttpStatus.NOT_FOUND);
      parameters.put("problem", missing.getMessage());
    }
    context.html(templates.render("compare.jte", parameters));
  }

  private ComparisonView view(RunComparison comparison) throws Exception {
    List<Long> runIds = comparison.runIds();
    List<Row> rows = new ArrayList<>();
    for (RunComparison.Row row : comparison.rows()) {
      for (RunComparison.MetricComparison metric : row.metrics()) {
        List<String> values =
            metric.values().stream().map(value -> value == null ? "-" : number(value)).toList();
        List<ChangeCell> changes =
            metric.changes().stream()
                .map(change -> new ChangeCell(text(change), change.regression()))
                .toList();
        rows.add(new Row(row.label(), metric.metric(), values, changes));
      }
    }
    String series = json.writeValueAsString(p95Series(runIds)).replace("<", "\\u003c");
    return new ComparisonView(
        runIds,
        runIds.subList(1, runIds.size()),
        comparison.planId(),
        number(comparison.tolerancePercent()),
        rows,
        series);
  }

  private static String text(RunComparison.Change change) {
    return (change.absolute() == null ? "-" : signed(change.absolute()))
        + (change.percent() == null ? "" : " (" + signed(change.percent()) + " %)")
        + (change.regression() ? " regression" : "");
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
}
