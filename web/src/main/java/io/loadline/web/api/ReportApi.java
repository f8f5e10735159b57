package io.loadline.web.api;

import io.javalin.http.Context;
import io.loadline.ConflictException;
import io.loadline.report.HdrIntervalLog;
import io.loadline.report.RunReport;
import io.loadline.report.SeriesCsv;
import io.loadline.run.RunRecord;
import io.loadline.run.RunService;
import io.loadline.web.auth.Access;
import io.loadline.web.http.RouteTable;
import io.loadline.web.report.HtmlReport;
import java.util.List;

/**
 * The reports of a finished run, for viewers: the JSON summary, the CSV of the 1 s series, the
 * self-contained HTML report (served under a content security policy of its own that allows its
 * inline script and style by their hashes) and the HdrHistogram interval log. Each is served under
 * the API ({@code /api/v1/runs/{id}/report.json}, bearer token) and under the dashboard ({@code
 * /runs/{id}/report.json}, session cookie) so the run page can link to it. A run still active is
 * answered 409. Thread-safe.
 */
public final class ReportApi {

  /** The report formats, as the file extension that names each route. */
  public static final List<String> FORMATS = List.of("json", "csv", "html", "hlog");

  private final RunService runs;
  private final HtmlReport html;
  private final com.fasterxml.jackson.databind.ObjectMapper json;

  public ReportApi(RunService runs, com.fasterxml.jackson.databind.ObjectMapper json) {
    this.runs = runs;
    this.json = json;
    this.html = new HtmlReport(json);
  }

  /** Adds each report under the API and under the dashboard. */
  public void addRoutes(RouteTable.Builder table) {
    for (String prefix : List.of(RunApi.RUNS, "/runs")) {
      table
          .get(prefix + "/{id}/report.json", Access.VIEWER, this::jsonReport)
          .get(prefix + "/{id}/report.csv", Access.VIEWER, this::csvReport)
          .get(prefix + "/{id}/report.html", Access.VIEWER, this::htmlReport)
          .get(prefix + "/{id}/report.hlog", Access.VIEWER, this::hdrLog);
    }
  }

  private void jsonReport(Context context) throws Exception {
    RunRecord run = finishedRun(context);
    attachment(context, run, "json");
    context.contentType("application/json");
    context.result(json.writerWithDefaultPrettyPrinter().writeValueAsString(report(run)));
  }

  private void csvReport(Context context) {
    RunRecord run = finishedRun(context);
    attachment(context, run, "csv");
    context.contentType("text/csv; charset=utf-8");
    context.result(SeriesCsv.render(runs.series(run.id())));
  }

  private void htmlReport(Context context) {
    RunRecord run = finishedRun(context);
    context.contentType("text/html; charset=utf-8");
    // Replaces the server-wide policy: the report's inline code is allowed by its hashes alone.
    context.header("Content-Security-Policy", html.contentSecurityPolicy());
    context.result(html.render(report(run), runs.series(run.id())));
  }

  private void hdrLog(Context context) {
    RunRecord run = finishedRun(context);
    attachment(context, run, "hlog");
    context.contentType("text/plain; charset=utf-8");
    context.result(
        HdrIntervalLog.render(runs.histograms(run.id()), run.startedAt(), run.endedAt()));
  }

  private RunReport report(RunRecord run) {
    return RunReport.of(run, runs.planSource(run.id()).orElse(null), runs.series(run.id()));
  }

  private RunRecord finishedRun(Context context) {
    long id = PathIds.id(context);
    RunRecord run = runs.find(id).orElseThrow(() -> RunApi.noSuchRun(id));
    if (!run.state().isTerminal()) {
      throw new ConflictException(
          "Run " + id + " is still " + run.state() + "; its reports exist once it has ended.");
    }
    return run;
  }

  private static void attachment(Context context, RunRecord run, String extension) {
    context.header(
        "Content-Disposition",
        "attachment; filename=\"loadline-run-" + run.id() + "." + extension + "\"");
  }
}
