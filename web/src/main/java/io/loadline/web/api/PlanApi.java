package io.loadline.web.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.loadline.NotFoundException;
import io.loadline.plan.Plan;
import io.loadline.plan.PlanReader;
import io.loadline.run.RunRecord;
import io.loadline.run.RunService;
import io.loadline.store.PlanStore;
import io.loadline.store.StoredPlan;
import io.loadline.web.auth.Access;
import io.loadline.web.http.RequestState;
import io.loadline.web.http.RouteTable;
import io.loadline.web.security.PlanPolicyGuard;
import java.util.function.UnaryOperator;

/**
 * The plan routes of the REST API: list, create, read, replace, delete, and start a run. A plan is
 * validated with the {@link PlanReader} and checked against the server's plan policy (target
 * allow-list, run caps) before it is stored or run, and its name comes from its source.
 * Thread-safe.
 */
public final class PlanApi {

  public static final String PLANS = "/api/v1/plans";

  private final PlanStore plans;
  private final PlanReader planReader;
  private final RunService runs;
  private final ObjectMapper json;
  private final PlanPolicyGuard policy;

  public PlanApi(
      PlanStore plans,
      PlanReader planReader,
      RunService runs,
      ObjectMapper json,
      PlanPolicyGuard policy) {
    this.plans = plans;
    this.planReader = planReader;
    this.runs = runs;
    this.json = json;
    this.policy = policy;
  }

  /** Adds the plan routes: reading for viewers, changes for operators. */
  public void addRoutes(RouteTable.Builder table) {
    table
        .get(PLANS, Access.VIEWER, this::list)
        .post(PLANS, Access.OPERATOR, "plan.create", this::create)
        .get(PLANS + "/{id}", Access.VIEWER, this::get)
        .put(PLANS + "/{id}", Access.OPERATOR, "plan.update", this::update)
        .delete(PLANS + "/{id}", Access.OPERATOR, "plan.delete", this::delete)
        .post(PLANS + "/{id}/runs", Access.OPERATOR, "run.start", this::startRun);
  }

  private void list(Context context) {
    context.json(plans.list().stream().map(PlanJson::summaryOf).toList());
  }

  private void create(Context context) {
    PlanSource source = PlanSource.from(context, json);
    Plan plan = planReader.read(source.text());
    policy.checkSave(context, plan);
    StoredPlan stored = plans.create(plan.name(), source.format(), source.text());
    RequestState.auditTarget(context, "plan:" + stored.id());
    context.status(HttpStatus.CREATED).header("Location", PLANS + "/" + stored.id());
    context.json(PlanJson.of(stored));
  }

  private void get(Context context) {
    long id = PathIds.id(context);
    context.json(PlanJson.of(plans.find(id).orElseThrow(() -> noSuchPlan(id))));
  }

  private void update(Context context) {
    long id = PathIds.id(context);
    plans.find(id).orElseThrow(() -> noSuchPlan(id));
    PlanSource source = PlanSource.from(context, json);
    Plan plan = planReader.read(source.text());
    policy.checkSave(context, plan);
    StoredPlan stored =
        plans
            .update(id, plan.name(), source.format(), source.text())
            .orElseThrow(() -> noSuchPlan(id));
    context.json(PlanJson.of(stored));
  }

  private void delete(Context context) {
    long id = PathIds.id(context);
    if (!plans.delete(id)) {
      throw noSuchPlan(id);
    }
    context.status(HttpStatus.NO_CONTENT);
  }

  private void startRun(Context context) {
    long planId = PathIds.id(context);
    RunRecord run = runs.start(planId, policy.checkedRun(context, UnaryOperator.identity()));
    RequestState.auditTarget(context, "run:" + run.id() + " plan:" + planId);
    context.status(HttpStatus.CREATED).header("Location", RunApi.RUNS + "/" + run.id());
    context.json(RunJson.of(run));
  }

  /** The answer to a plan id that does not exist. */
  public static NotFoundException noSuchPlan(long id) {
    return new NotFoundException(
        "There is no plan with id " + id + "; GET " + PLANS + " lists the plans.");
  }
}
