package io.loadline.web.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.loadline.store.AuditLog;
import io.loadline.web.auth.Principal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one audit row after every request to an audited route (logins and every mutating action),
 * whether it succeeded, was denied or failed. Requests from nobody (no valid token) are not
 * written, except login attempts, so strangers cannot fill the log. Thread-safe.
 */
public final class AuditRecorder implements Handler {

  private static final Logger LOG = LoggerFactory.getLogger(AuditRecorder.class);
  private static final Pattern RESOURCE_WITH_ID = Pattern.compile("/(plans|runs)/([^/]+)");

  private final AuditLog auditLog;

  public AuditRecorder(AuditLog auditLog) {
    this.auditLog = auditLog;
  }

  @Override
  public void handle(Context context) {
    Optional<Route> route = RouteTable.matched(context).filter(Route::isAudited);
    if (route.isEmpty()) {
      return;
    }
    Optional<Principal> principal = RequestState.principal(context);
    Optional<String> actor =
        principal.map(Principal::username).or(() -> RequestState.auditActor(context));
    if (actor.isEmpty()) {
      return;
    }
    String role = principal.map(p -> p.role().label()).orElse(null);
    String target = RequestState.auditTarget(context).orElseGet(() -> target(context, route.get()));
    String outcome = RequestState.auditOutcome(context).orElseGet(() -> outcome(context));
    try {
      auditLog.append(
          actor.get(),
          role,
          route.get().auditAction(),
          target,
          outcome,
          context.ip(),
          RequestState.requestId(context));
    } catch (RuntimeException failure) {
      LOG.error(
          "Could not write the audit row for {} by {} (request {})",
          route.get().auditAction(),
          actor.get(),
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
    String resource = matcher.group(1).equals("plans") ? "plan" : "run";
    return resource + ":" + matcher.group(2);
  }

  private static String outcome(Context context) {
    int status = context.statusCode();
    if (status == 401 || status == 403) {
      return "denied";
    }
    return status < 400 ? "ok" : "failed";
  }
}
