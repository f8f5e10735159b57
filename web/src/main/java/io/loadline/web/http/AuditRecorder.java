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
 * whether it succeeded, was denied or failed. Requests from nobody (no valid token) are not written,
 * except login attempts, so strangers cannot fill the log. Thread-safe.
 */
public final class AuditRecorder implements Handler {

  private static final Logger LOG = LoggerFactory.getLogger(AuditRecorder.class);
  private static final Pattern RESOURCE_WITH_ID = Pattern.compile("/(plans|runs)/\\{id}");

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
    String role = principal.map(p -> p.role().label()).orElse("");
    String target = RequestState.auditTarget(context).orElseGet(() -> target(context, route.get()));
    String outcome = RequestState.auditOutcome(context).orElseGet(() -> outcome(context));
    try {
      auditLog.append(
          actor.get(), role, route.get().auditAction(), target, outcome, context.ip());
    } catch (RuntimeException failure) {
      LOG.error(
          "Could not write the audit row for {} by {} (request {})",
          route.get().auditAction(),
          actor.get(),
          RequestState.requestId(context),
          failure);
    }
  }

  private static String target(Context context, Route route) {
    Matcher matcher = RESOURCE_WITH_ID.matcher(route.path());
    if (!matcher.find()) {
      return "";
    }
    String resource = matcher.group(1).equals("plans") ? "plan" : "run";
    return resource + ":" + context.pathParamMap().getOrDefault("id", "?");
  }

  private static String outcome(Context context) {
    int status = context.statusCode();
    if (status == 401 || status == 403) {
      return "denied";
    }
    return status < 400 ? "ok" : "failed";
  }
}
