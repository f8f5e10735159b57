package io.loadline.web.api;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.loadline.compare.RunComparison;
import io.loadline.run.RunRecord;
import io.loadline.run.RunService;
import io.loadline.web.auth.Access;
import io.loadline.web.http.RequestState;
import io.loadline.web.http.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Run comparison and baselines: {@code GET /api/v1/compare?runs=1,2[&tolerance=10]} (or {@code
 * ?runs=1&runs=2}) compares runs of one plan (viewers), {@code POST /api/v1/runs/{id}/baseline}
 * marks a finished run as its plan's baseline (operators). Thread-safe.
 */
public final class CompareApi {

  public static final String COMPARE = "/api/v1/compare";

  /** The tolerance, in percent, when the request names none. */
  /** The most runs one comparison takes: a column each, and every one read from the store. */
  static final int MAX_RUNS = 20;

  public static final double DEFAULT_TOLERANCE_PERCENT = 10;

  private final RunService runs;

  public CompareApi(RunService runs) {
    this.runs = runs;
  }

  public void addRoutes(RouteTable.Builder table) {
    table
        .get(COMPARE, Access.VIEWER, this::compare)
        .post(RunApi.RUNS + "/{id}/baseline", Access.OPERATOR, "run.baseline", this::baseline);
  }

  private void compare(Context context) {
    RunComparison comparison = comparison(context, runs);
    Long baseline = runs.baselineRunId(comparison.planId()).orElse(null);
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("baselineRunId", baseline);
    body.put("comparison", comparison);
    context.json(body);
  }

  private void baseline(Context context) {
    RunRecord run = runs.markBaseline(PathIds.id(context));
    RequestState.auditTarget(context, "run:" + run.id() + " plan:" + run.planId());
    context.json(Map.of("planId", run.planId(), "baselineRunId", run.id()));
  }

  /** The comparison a request asks for; 400 for a wrong list or tolerance, 404 for a lost run. */
  public static RunComparison comparison(Context context, RunService runs) {
    List<Long> runIds = runIds(context);
    if (runIds.isEmpty()) {
      throw new BadRequestResponse(
          "Name the runs to compare: ?runs=12,15 or ?runs=12&runs=15 (two or more ids).");
    }
    if (runIds.size() > MAX_RUNS) {
      throw new BadRequestResponse(
          "runs names "
              + runIds.size()
              + " runs; a comparison takes at most "
              + MAX_RUNS
              + ", so name fewer.");
    }
    List<RunRecord> records = new ArrayList<>();
    for (long runId : runIds) {
      records.add(runs.find(runId).orElseThrow(() -> RunApi.noSuchRun(runId)));
    }
    double tolerance = tolerancePercent(context.queryParam("tolerance"));
    try {
      return RunComparison.of(records, tolerance);
    } catch (IllegalArgumentException e) {
      throw new BadRequestResponse(e.getMessage());
    }
  }

  /**
   * The tolerance the request names, or the default. NaN and infinities parse as doubles but would
   * make every comparison pass (NaN is never exceeded), so they are refused like words.
   */
  private static double tolerancePercent(String text) {
    if (text == null) {
      return DEFAULT_TOLERANCE_PERCENT;
    }
    try {
      double tolerance = Double.parseDouble(text);
      if (Double.isFinite(tolerance) && tolerance >= 0) {
        return tolerance;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new BadRequestResponse(
        "tolerance must be a finite number >= 0, a percentage such as 10; was " + text);
  }

  /**
   * Every id the request names, in order: the history page's form sends one {@code runs} parameter
   * per ticked run, scripts and the docs use one parameter with commas; both, mixed, are read.
   */
  private static List<Long> runIds(Context context) {
    List<Long> ids = new ArrayList<>();
    for (String value : context.queryParams("runs")) {
      for (String id : value.split(",")) {
        if (!id.isBlank()) {
          ids.add(PathIds.parse(id.strip(), "runs"));
        }
      }
    }
    return ids;
  }
}
