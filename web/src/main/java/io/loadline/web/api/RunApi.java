package io.loadline.web.api;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.loadline.NotFoundException;
import io.loadline.engine.IntervalSnapshot;
import io.loadline.run.RunRecord;
import io.loadline.run.RunService;
import io.loadline.web.auth.Access;
import io.loadline.web.http.RouteTable;
import java.util.List;
import java.util.Optional;

/**
 * The run routes of the REST API: list, read (with the live summary), its 1 s series (while it runs
 * and after) and stop. Thread-safe.
 */
public final class RunApi {

  public static final String RUNS = "/api/v1/runs";

  /** How many runs a list returns unless {@code ?limit=} says otherwise. */
  public static final int DEFAULT_LIST_LIMIT = 50;

  public static final int MAX_LIST_LIMIT = 500;

  /** The most 1 s intervals one series answer holds; {@code nextSince} fetches the rest. */
  public static final int MAX_SERIES_INTERVALS = 3_600;

  private final RunService runs;

  public RunApi(RunService runs) {
    this.runs = runs;
  }

  /** Adds the run routes: reading for viewers, stopping for operators. */
  public void addRoutes(RouteTable.Builder table) {
    table
        .get(RUNS, Access.VIEWER, this::list)
        .get(RUNS + "/{id}", Access.VIEWER, this::get)
        .get(RUNS + "/{id}/series", Access.VIEWER, this::series)
        .post(RUNS + "/{id}/stop", Access.OPERATOR, "run.stop", this::stop);
  }

  private void list(Context context) {
    String planIdText = context.queryParam("planId");
    Optional<Long> planId =
        planIdText == null ? Optional.empty() : Optional.of(PathIds.parse(planIdText, "planId"));
    String limitText = context.queryParam("limit");
    int limit =
        limitText == null
            ? DEFAULT_LIST_LIMIT
            : (int) Math.min(MAX_LIST_LIMIT, PathIds.parse(limitText, "limit"));
    context.json(runs.list(planId, limit).stream().map(RunJson::summaryOf).toList());
  }

  private void get(Context context) {
    long id = PathIds.id(context);
    context.json(RunJson.of(runs.find(id).orElseThrow(() -> noSuchRun(id))));
  }

  private void series(Context context) {
    long id = PathIds.id(context);
    long since = since(context.queryParam("since"));
    RunRecord run = runs.find(id).orElseThrow(() -> noSuchRun(id));
    List<IntervalSnapshot> intervals = runs.series(id, since, MAX_SERIES_INTERVALS);
    context.json(RunJson.Series.of(run, since, intervals));
  }

  /** The {@code since} query parameter: the first second to return, 0 when absent. */
  private static long since(String text) {
    if (text == null) {
      return 0;
    }
    try {
      long second = Long.parseLong(text);
      if (second >= 0) {
        return second;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw new BadRequestResponse(
        "since must be a whole number of seconds from 0 (the first interval to return, such as the"
            + " nextSince of the previous answer), was '"
            + text
            + "'");
  }

  private void stop(Context context) {
    RunRecord run = runs.stop(PathIds.id(context));
    context.status(HttpStatus.ACCEPTED).json(RunJson.of(run));
  }

  /** The answer to a run id that does not exist. */
  public static NotFoundException noSuchRun(long id) {
    return new NotFoundException(
        "There is no run with id " + id + "; GET " + RUNS + " lists the runs.");
  }
}
