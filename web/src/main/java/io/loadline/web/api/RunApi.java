package io.loadline.web.api;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.loadline.NotFoundException;
import io.loadline.run.RunRecord;
import io.loadline.run.RunService;
import io.loadline.web.auth.Access;
import io.loadline.web.http.RouteTable;
import java.util.Optional;

/** The run routes of the REST API: list, read (with the live summary) and stop. Thread-safe. */
public final class RunApi {

  public static final String RUNS = "/api/v1/runs";

  /** How many runs a list returns unless {@code ?limit=} says otherwise. */
  public static final int DEFAULT_LIST_LIMIT = 50;

  public static final int MAX_LIST_LIMIT = 500;

  private final RunService runs;

  public RunApi(RunService runs) {
    this.runs = runs;
  }

  /** Adds the run routes: reading for viewers, stopping for operators. */
  public void addRoutes(RouteTable.Builder table) {
    table
        .get(RUNS, Access.VIEWER, this::list)
        .get(RUNS + "/{id}", Access.VIEWER, this::get)
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
