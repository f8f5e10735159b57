package io.loadline.web.security;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.loadline.plan.Plan;
import io.loadline.plan.PlanReader;
import io.loadline.spi.ConfigProblem;
import io.loadline.web.auth.Role;
import io.loadline.web.http.RequestState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Applies the {@link PlanPolicy} inside the routes that save a plan or start a run, on the API and
 * the dashboard alike: a plan aimed outside the target allow-list, or a run larger than the
 * caller's role may start, is refused with 403. The check runs on the plan the route has already
 * read (a save) or on the very source the run service is about to run, overrides applied (a run),
 * so no spelling of the path and no override can bypass it. A refusal is audited under the route's
 * own action with outcome {@code denied}. Thread-safe.
 */
public final class PlanPolicyGuard {

  private static final int AUDITED_REASON_LENGTH = 300;
  private static final String REFUSED = "Refused by the server's security settings: ";

  private final PlanPolicy policy;
  private final PlanReader planReader;

  public PlanPolicyGuard(PlanPolicy policy, PlanReader planReader) {
    this.policy = policy;
    this.planReader = planReader;
  }

  /**
   * Why a plan about to be saved is refused, with field paths; empty when it may be saved. A
   * refusal is already marked {@code denied} for the audit.
   */
  public List<ConfigProblem> saveRefusals(Context context, Plan plan) {
    if (!policy.appliesTo(role(context))) {
      return List.of();
    }
    List<ConfigProblem> refusals = policy.targetRefusals(plan);
    markDenied(context, refusals);
    return refusals;
  }

  /** Refuses with 403 a plan about to be saved that the policy refuses. */
  public void checkSave(Context context, Plan plan) {
    throwIfAny(saveRefusals(context, plan));
  }

  /**
   * The source rewrite to hand to the run service: it applies {@code overrides}, then refuses with
   * 403 (before any run is recorded) when the resulting plan breaks the allow-list or the caps of
   * the caller's role. The run service runs exactly the source returned here.
   */
  public UnaryOperator<String> checkedRun(Context context, UnaryOperator<String> overrides) {
    Role role = role(context);
    return source -> {
      String toRun = overrides.apply(source);
      if (policy.appliesTo(role)) {
        Plan plan = planReader.read(toRun); // invalid: the same problems the run service reports
        List<ConfigProblem> refusals = new ArrayList<>(policy.targetRefusals(plan));
        refusals.addAll(policy.capRefusals(plan, role));
        markDenied(context, refusals);
        throwIfAny(refusals);
      }
      return toRun;
    };
  }

  /**
   * Why the server's own console ({@code serve --run FILE}) may not run this plan: the target
   * allow-list's refusals, as for a save. The console is whoever started the server, not a user
   * with a role, so no role's run caps apply to it.
   */
  public List<ConfigProblem> consoleRefusals(Plan plan) {
    return policy.targetRefusals(plan);
  }

  private static Role role(Context context) {
    return RequestState.requirePrincipal(context).role();
  }

  private static void markDenied(Context context, List<ConfigProblem> refusals) {
    if (refusals.isEmpty()) {
      return;
    }
    RequestState.auditOutcome(context, "denied");
    String reasons = String.join("; ", described(refusals));
    RequestState.auditTarget(
        context,
        reasons.length() <= AUDITED_REASON_LENGTH
            ? reasons
            : reasons.substring(0, AUDITED_REASON_LENGTH) + "...");
  }

  private static void throwIfAny(List<ConfigProblem> refusals) {
    if (!refusals.isEmpty()) {
      throw new ForbiddenResponse(REFUSED + described(refusals));
    }
  }

  private static List<String> described(List<ConfigProblem> refusals) {
    return refusals.stream()
        .map(
            refusal ->
                refusal.path().isEmpty()
                    ? refusal.message()
                    : refusal.path() + ": " + refusal.message())
        .toList();
  }
}
