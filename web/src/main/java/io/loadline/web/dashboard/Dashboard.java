package io.loadline.web.dashboard;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.loadline.NotFoundException;
import io.loadline.run.RunRecord;
import io.loadline.run.RunService;
import io.loadline.store.PlanStore;
import io.loadline.store.StoredPlan;
import io.loadline.web.api.AuthApi;
import io.loadline.web.api.PathIds;
import io.loadline.web.api.PlanApi;
import io.loadline.web.api.PlanJson;
import io.loadline.web.api.RunApi;
import io.loadline.web.auth.Access;
import io.loadline.web.auth.Authenticator;
import io.loadline.web.auth.SessionCookies;
import io.loadline.web.http.ErrorMapping;
import io.loadline.web.http.RequestState;
import io.loadline.web.http.RouteTable;
import io.loadline.web.security.PlanPolicyGuard;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The browser dashboard: login, the plans and recent runs, a plan's source, and a run's page whose
 * live figures refresh every second through htmx while the run is active. State-changing forms are
 * POSTs that carry the session's CSRF token (checked by the guard). Thread-safe.
 */
public final class Dashboard implements ErrorMapping.ErrorPage {

  /** How many recent runs the pages list. */
  static final int RECENT_RUNS = 20;

  private final PlanStore plans;
  private final RunService runs;
  private final Authenticator authenticator;
  private final SessionCookies cookies;
  private final Templates templates;
  private final PlanPolicyGuard policy;

  public Dashboard(
      PlanStore plans,
      RunService runs,
      Authenticator authenticator,
      SessionCookies cookies,
      Templates templates,
      PlanPolicyGuard policy) {
    this.plans = plans;
    this.runs = runs;
    this.authenticator = authenticator;
    this.cookies = cookies;
    this.templates = templates;
    this.policy = policy;
  }

  /** Adds the dashboard's routes. */
  public void addRoutes(RouteTable.Builder table) {
    table
        .get("/login", Access.PUBLIC, this::loginForm)
        .post("/login", Access.PUBLIC, "login", this::login)
        .post("/logout", Access.VIEWER, "logout", this::logout)
        .get("/", Access.VIEWER, this::home)
        .get("/plans/{id}", Access.VIEWER, this::plan)
        .post("/plans/{id}/run", Access.OPERATOR, "run.start", this::startRun)
        .get("/runs/{id}", Access.VIEWER, this::run)
        .get("/runs/{id}/live", Access.VIEWER, this::runLive)
        .post("/runs/{id}/stop", Access.OPERATOR, "run.stop", this::stopRun);
  }

  private void loginForm(Context context) {
    if (authenticator.principal(cookies.sessionToken(context)).isPresent()) {
      context.redirect("/", HttpStatus.SEE_OTHER);
      return;
    }
    renderLogin(context, null);
  }

  private void login(Context context) {
    if (!cookies.loginCsrfTokenMatches(context)) {
      RequestState.auditOutcome(context, "denied");
      throw new ForbiddenResponse("The login form expired; reload the page and sign in again.");
    }
    String username = Optional.ofNullable(context.formParam("username")).orElse("");
    String password = Optional.ofNullable(context.formParam("password")).orElse("");
    RequestState.auditActor(context, AuthApi.auditedUsername(username));
    Optional<Authenticator.SignedIn> signedIn =
        username.isEmpty() || password.isEmpty()
            ? Optional.empty()
            : authenticator.login(username, password);
    if (signedIn.isEmpty()) {
      RequestState.auditOutcome(context, "failed");
      context.status(HttpStatus.UNAUTHORIZED);
      renderLogin(context, "Wrong username or password.");
      return;
    }
    RequestState.principal(context, signedIn.get().principal());
    cookies.startSession(context, signedIn.get().token());
    context.redirect("/", HttpStatus.SEE_OTHER);
  }

  private void logout(Context context) {
    authenticator.logout(RequestState.requirePrincipal(context));
    cookies.endSession(context);
    context.redirect("/login", HttpStatus.SEE_OTHER);
  }

  private void home(Context context) {
    Map<String, Object> parameters = page(context);
    parameters.put("plans", plans.list().stream().map(PlanJson::summaryOf).toList());
    parameters.put("runs", recentRuns(Optional.empty()));
    context.html(templates.render("index.jte", parameters));
  }

  private void plan(Context context) {
    long id = PathIds.id(context);
    StoredPlan plan = plans.find(id).orElseThrow(() -> PlanApi.noSuchPlan(id));
    Map<String, Object> parameters = page(context);
    parameters.put("plan", PlanJson.of(plan));
    parameters.put("runs", recentRuns(Optional.of(id)));
    context.html(templates.render("plan.jte", parameters));
  }

  private void startRun(Context context) {
    long planId = PathIds.id(context);
    LoadOverrides overrides =
        new LoadOverrides(context.formParam("rate"), context.formParam("duration"));
    // The policy checks the plan as it will run, overrides applied.
    RunRecord run = runs.start(planId, policy.checkedRun(context, overrides));
    RequestState.auditTarget(
        context,
        "run:" + run.id() + " plan:" + planId + (overrides.isEmpty() ? "" : " " + overrides));
    context.redirect("/runs/" + run.id(), HttpStatus.SEE_OTHER);
  }

  private void run(Context context) {
    Map<String, Object> parameters = page(context);
    parameters.put("run", findRun(context));
    context.html(templates.render("run.jte", parameters));
  }

  private void runLive(Context context) {
    Map<String, Object> parameters = page(context);
    parameters.put("run", findRun(context));
    context.html(templates.render("runLive.jte", parameters));
  }

  /**
   * Asks the run to stop. From htmx (the live page's Stop button) the answer is 204 and the page
   * stays: its event stream brings the final state. A plain form post is sent back to the run page.
   */
  private void stopRun(Context context) {
    RunRecord run = runs.stop(PathIds.id(context));
    if (isHtmx(context)) {
      context.status(HttpStatus.NO_CONTENT);
      return;
    }
    context.redirect("/runs/" + run.id(), HttpStatus.SEE_OTHER);
  }

  private static boolean isHtmx(Context context) {
    return "true".equals(context.header("HX-Request"));
  }

  @Override
  public void render(Context context, int status, String message) {
    Map<String, Object> parameters = new HashMap<>();
    parameters.put(
        "page",
        RequestState.principal(context)
            .map(principal -> PageContext.of(principal, authenticator.tokens()))
            .orElse(null));
    parameters.put("status", status);
    parameters.put("message", message);
    context.status(status).html(templates.render("error.jte", parameters));
  }

  private void renderLogin(Context context, String error) {
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("csrfToken", cookies.newLoginCsrfToken(context));
    parameters.put("error", error);
    context.html(templates.render("login.jte", parameters));
  }

  private RunView findRun(Context context) {
    long id = PathIds.id(context);
    return runs.find(id).map(RunView::of).orElseThrow(() -> noSuchRun(id));
  }

  private List<RunView> recentRuns(Optional<Long> planId) {
    return runs.list(planId, RECENT_RUNS).stream().map(RunView::of).toList();
  }

  private Map<String, Object> page(Context context) {
    Map<String, Object> parameters = new HashMap<>();
    parameters.put(
        "page", PageContext.of(RequestState.requirePrincipal(context), authenticator.tokens()));
    return parameters;
  }

  private static NotFoundException noSuchRun(long id) {
    return RunApi.noSuchRun(id);
  }
}
