package io.loadline.web.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.loadline.store.AuditLog;
import io.loadline.web.auth.Access;
import io.loadline.web.auth.Principal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one audit row after every request to an audited route (logins and every mutating action),
 * whether it succeeded, was denied or failed, and after every refused request (401, 403, or a
 * stranger sent to the login page) to any protected route, under the action {@value #ACCESS_ACTION}
 * when the route itself is not audited. The actor is the username, {@code key:<id>} for an API key,
 * the name tried at a login, or {@value #ANONYMOUS}. Thread-safe.
 *
 * <p>Known limit: refused anonymous requests are written too, as the audit requires, so a stranger
 * can add rows at the rate the server answers requests.
 */
public final class AuditRecorder implements Handler {

  private static final Logger LOG = LoggerFactory.getLogger(AuditRecorder.class);

  /** The action of a refused request to a route that records no action of its own. */
  public static final String ACCESS_ACTION = "access";

  /** The actor of a refused request that carried no valid credential. */
  public static final String ANONYMOUS = "anonymous";

  private static final Pattern RESOURCE_WITH_ID =
      Pattern.compile("/(plans|runs|users|keys)/([^/]+)");

  private final AuditLog auditLog;

  public AuditRecorder(AuditLog auditLog) {
    this.auditLog = auditLog;
  }

  @Override
  public void handle(Context context) {
    Optional<Route> matched = RouteTable.matched(context);
    if (matched.isEmpty()) {
      return;
    }
    Route route = matched.get();
    String outcome = RequestState.auditOutcome(context).orElseGet(() -> outcome(context));
    boolean refused = outcome.equals("denied") && route.access() != Access.PUBLIC;
    if (!route.isAudited() && !refused) {
      return;
    }
    Optional<Principal> principal = RequestState.principal(context);
    Optional<String> actor =
        principal.map(Principal::actor).or(() -> RequestState.auditActor(context));
    if (actor.isEmpty() && !refused) {
      return;
    }
    String action = route.isAudited() ? route.auditAction() : ACCESS_ACTION;
    String target =
        route.isAudited()
            ? RequestState.auditTarget(context).orElseGet(() -> target(context, route))
            : context.method() + " " + context.path();
    String role = principal.map(p -> p.role().label()).orElse(null);
    append(context, actor.orElse(ANONYMOUS), role, action, target, outcome);
  }

  private void append(
      Context context, String actor, String role, String action, String target, String outcome) {
    try {
      auditLog.append(
          actor, role, action, target, outcome, context.ip(), RequestState.requestId(context));
    } catch (RuntimeException failure) {
      LOG.error(
          "Could not write the audit row for {} by {} (request {})",
          action,
          actor,
          RequestState.requestId(context),
          failure);
    }
  }

  /**
   * The object named by the request path, such as {@code plan:3} for {@code /api/v1/plans/3/runs}.
   * Read from the path itself: when the guard refused the request, path parameters are not parsed.
   */
  private static String target(Context context, Route route) {
    if (!route.path().contains("{id}")) {
      return "";
    }
    Matcher matcher = RESOURCE_WITH_ID.matcher(context.path());
    if (!matcher.find()) {
      return "";
    }
    String plural = matcher.group(1);
    return plural.substring(0, plural.length() - 1) + ":" + matcher.group(2);
  }

  private static String outcome(Context context) {
    int status = context.statusCode();
    if (status == 401 || status == 403) {
      return "denied";
    }
    return status < 400 ? "ok" : "failed";
  }
}
