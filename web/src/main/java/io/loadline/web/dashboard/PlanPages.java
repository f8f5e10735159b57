package io.loadline.web.dashboard;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.loadline.plan.Plan;
import io.loadline.plan.PlanReader;
import io.loadline.plan.PlanValidationException;
import io.loadline.pluginhost.PluginRegistry;
import io.loadline.spi.ConfigProblem;
import io.loadline.store.PlanStore;
import io.loadline.store.StoredPlan;
import io.loadline.web.api.PathIds;
import io.loadline.web.api.PlanApi;
import io.loadline.web.api.SystemApi;
import io.loadline.web.auth.Access;
import io.loadline.web.auth.TokenService;
import io.loadline.web.http.RequestState;
import io.loadline.web.http.RouteTable;
import io.loadline.web.security.PlanPolicyGuard;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dashboard pages to write plans and to see the plugins: a plan editor (a YAML or JSON text area)
 * for new and existing plans, whose save validates the plan and, when it has mistakes, shows the
 * form again (400) with every problem, its field path and its line in the text beside the editor;
 * and the plugins page. Registered before {@link Dashboard}'s routes so that {@code /plans/new} is
 * not read as a plan id. Thread-safe.
 */
public final class PlanPages {

  private final PlanStore plans;
  private final PlanReader planReader;
  private final PluginRegistry plugins;
  private final TokenService tokens;
  private final Templates templates;
  private final PlanPolicyGuard policy;

  public PlanPages(
      PlanStore plans,
      PlanReader planReader,
      PluginRegistry plugins,
      TokenService tokens,
      Templates templates,
      PlanPolicyGuard policy) {
    this.plans = plans;
    this.planReader = planReader;
    this.plugins = plugins;
    this.tokens = tokens;
    this.templates = templates;
    this.policy = policy;
  }

  public void addRoutes(RouteTable.Builder table) {
    table
        .get("/plans/new", Access.OPERATOR, this::newPlan)
        .post("/plans", Access.OPERATOR, "plan.create", this::create)
        .get("/plans/{id}/edit", Access.OPERATOR, this::edit)
        .post("/plans/{id}", Access.OPERATOR, "plan.update", this::update)
        .get("/plugins", Access.VIEWER, this::pluginsPage);
  }

  private void newPlan(Context context) {
    renderForm(context, null, "", List.of());
  }

  private void edit(Context context) {
    long id = PathIds.id(context);
    StoredPlan plan = plans.find(id).orElseThrow(() -> PlanApi.noSuchPlan(id));
    renderForm(context, plan.id(), plan.source(), List.of());
  }

  private void create(Context context) {
    String source = submittedSource(context);
    Optional<String> name = validName(context, null, source);
    if (name.isPresent()) {
      StoredPlan stored = plans.create(name.get(), formatOf(source), source);
      RequestState.auditTarget(context, "plan:" + stored.id());
      context.redirect("/plans/" + stored.id(), HttpStatus.SEE_OTHER);
    }
  }

  private void update(Context context) {
    long id = PathIds.id(context);
    plans.find(id).orElseThrow(() -> PlanApi.noSuchPlan(id));
    String source = submittedSource(context);
    Optional<String> name = validName(context, id, source);
    if (name.isPresent()) {
      plans.update(id, name.get(), formatOf(source), source);
      RequestState.auditTarget(context, "plan:" + id);
      context.redirect("/plans/" + id, HttpStatus.SEE_OTHER);
    }
  }

  /**
   * The plan's name when the source validates and the plan policy allows it; otherwise renders the
   * form with its problems (400) or the policy's refusals (403).
   */
  private Optional<String> validName(Context context, Long planId, String source) {
    Plan plan;
    try {
      plan = planReader.read(source);
    } catch (PlanValidationException invalid) {
      RequestState.auditOutcome(context, "failed");
      context.status(HttpStatus.BAD_REQUEST);
      renderForm(context, planId, source, invalid.problems());
      return Optional.empty();
    }
    List<ConfigProblem> refusals = policy.saveRefusals(context, plan);
    if (!refusals.isEmpty()) {
      context.status(HttpStatus.FORBIDDEN);
      renderForm(context, planId, source, refusals);
      return Optional.empty();
    }
    return Optional.of(plan.name());
  }

  private void pluginsPage(Context context) {
    Map<String, Object> parameters = page(context);
    parameters.put("plugins", plugins.plugins().stream().map(SystemApi.PluginJson::of).toList());
    context.html(templates.render("plugins.jte", parameters));
  }

  private void renderForm(
      Context context, Long planId, String source, List<ConfigProblem> problems) {
    Map<String, Object> parameters = page(context);
    parameters.put("planId", planId);
    parameters.put("source", source);
    parameters.put("problems", PlacedProblem.inSource(source, problems));
    context.html(templates.render("planForm.jte", parameters));
  }

  private Map<String, Object> page(Context context) {
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("page", PageContext.of(RequestState.requirePrincipal(context), tokens));
    return parameters;
  }

  private static String submittedSource(Context context) {
    String source = context.formParam("source");
    return source == null ? "" : source.replace("\r\n", "\n");
  }

  private static String formatOf(String source) {
    String start = source.stripLeading();
    return start.startsWith("{") ? "json" : "yaml";
  }
}
