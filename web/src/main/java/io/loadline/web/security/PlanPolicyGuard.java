package io.loadline.web.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.loadline.plan.Plan;
import io.loadline.plan.PlanReader;
import io.loadline.store.PlanStore;
import io.loadline.store.StoredPlan;
import io.loadline.web.api.PlanSource;
import io.loadline.web.auth.Principal;
import io.loadline.web.http.RequestState;
import io.loadline.web.http.Route;
import io.loadline.web.http.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs after the auth guard on the routes that save a plan ({@value #PLAN_CREATE}, {@value
 * #PLAN_UPDATE}) or start a run ({@value #RUN_START}), on the API and the dashboard alike, and
 * refuses with 403 a plan aimed outside the target allow-list or, for a run, larger than the
 * caller's role may start. The refusal is audited under the route's own action with outcome {@code
 * denied}. Requests it cannot read (a malformed plan, an unknown id) pass on unchanged, so the
 * route answers them as usual. Thread-safe.
 */
public final class PlanPolicyGuard implements Handler {

  static final String PLAN_CREATE = "plan.create";
  static final String PLAN_UPDATE = "plan.update";
  static final String RUN_START = "run.start";
  private static final int AUDITED_REASON_LENGTH = 300;
  private static final Pattern PLAN_ID = Pattern.compile("/plans/(\\d{1,18})/");
  private static final Set<String> PLAN_SAVES = Set.of(PLAN_CREATE, PLAN_UPDATE);

  private final PlanPolicy policy;
  private final PlanReader planReader;
  private final PlanStore plans;
  private final ObjectMapper json;

  public PlanPolicyGuard(
      PlanPolicy policy, PlanReader planReader, PlanStore plans, ObjectMapper json) {
    this.policy = policy;
    this.planReader = planReader;
    this.plans = plans;
    this.json = json;
  }

  @Override
  public void handle(Context context) {
    Optional<Route> route = RouteTable.matched(context).filter(Route::isAudited);
    Optional<Principal> principal = RequestState.principal(context);
    if (route.isEmpty() || principal.isEmpty()) {
      return;
    }
    String action = route.get().auditAction();
    if (!policy.appliesTo(principal.get().role())) {
      return; // nothing to check: no allow-list and no caps for this role
    }
    if (PLAN_SAVES.contains(action)) {
      sentPlan(context).ifPresent(plan -> refuseIfAny(context, policy.targetRefusals(plan)));
    } else if (action.equals(RUN_START)) {
      storedPlan(context)
          .ifPresent(
              plan -> {
                List<String> refusals = new ArrayList<>(policy.targetRefusals(plan));
                refusals.addAll(policy.capRefusals(plan, principal.get().role()));
                refuseIfAny(context, refusals);
              });
    }
  }

  private Optional<Plan> sentPlan(Context context) {
    try {
      return Optional.of(planReader.read(PlanSource.from(context, json).text()));
    } catch (HttpResponseException unreadable) {
      throw unreadable; // such as 413: the route would answer the same
    } catch (RuntimeException unreadable) {
      return Optional.empty(); // the route reports it with every problem
    }
  }

  /**
   * The plan a run-start path names. Read from the path itself, since path parameters are not
   * parsed yet before the handler; empty for an unknown id, which the route answers with 404.
   */
  private Optional<Plan> storedPlan(Context context) {
    Matcher matcher = PLAN_ID.matcher(context.path());
    if (!matcher.find()) {
      return Optional.empty();
    }
    Optional<StoredPlan> stored = plans.find(Long.parseLong(matcher.group(1)));
    try {
      return stored.map(plan -> planReader.read(plan.source()));
    } catch (RuntimeException unreadable) {
      return Optional.empty(); // the run service refuses it the same way
    }
  }

  private static String cut(String reasons) {
    return reasons.substring(0, AUDITED_REASON_LENGTH) + "...";
  }

  private static void refuseIfAny(Context context, List<String> refusals) {
    if (refusals.isEmpty()) {
      return;
    }
    RequestState.auditOutcome(context, "denied");
    String reasons = String.join("; ", refusals);
    RequestState.auditTarget(
        context, reasons.length() <= AUDITED_REASON_LENGTH ? reasons : cut(reasons));
    throw new ForbiddenResponse("Refused by the server's security settings: " + refusals);
  }
}
