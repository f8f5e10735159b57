package io.loadline.web.http;

import io.javalin.http.Context;
import io.loadline.web.auth.Principal;
import java.util.Optional;

/**
 * Typed access to what the server keeps on one request: its id, the signed-in user, and what the
 * audit recorder should write. Stateless; the state lives in the request's attributes.
 */
public final class RequestState {

  private static final String REQUEST_ID = "loadline.requestId";
  private static final String PRINCIPAL = "loadline.principal";
  private static final String AUDIT_ACTOR = "loadline.audit.actor";
  private static final String AUDIT_TARGET = "loadline.audit.target";
  private static final String AUDIT_OUTCOME = "loadline.audit.outcome";

  private RequestState() {}

  public static void requestId(Context context, String requestId) {
    context.attribute(REQUEST_ID, requestId);
  }

  /** The request's id, also sent back in the {@code X-Request-Id} header. */
  public static String requestId(Context context) {
    String requestId = context.attribute(REQUEST_ID);
    return requestId == null ? "-" : requestId;
  }

  public static void principal(Context context, Principal principal) {
    context.attribute(PRINCIPAL, principal);
  }

  /** The signed-in user; present on every route but the public ones, once the guard has run. */
  public static Optional<Principal> principal(Context context) {
    return Optional.ofNullable(context.attribute(PRINCIPAL));
  }

  /** The signed-in user of a protected route; the guard guarantees there is one. */
  public static Principal requirePrincipal(Context context) {
    return principal(context)
        .orElseThrow(() -> new IllegalStateException("no principal on a protected route"));
  }

  /** Names the actor for the audit row when there is no principal yet (a login attempt). */
  public static void auditActor(Context context, String actor) {
    context.attribute(AUDIT_ACTOR, actor);
  }

  public static Optional<String> auditActor(Context context) {
    return Optional.ofNullable(context.attribute(AUDIT_ACTOR));
  }

  /** Names what the action touched, such as {@code run:7}, when the path does not say it. */
  public static void auditTarget(Context context, String target) {
    context.attribute(AUDIT_TARGET, target);
  }

  public static Optional<String> auditTarget(Context context) {
    return Optional.ofNullable(context.attribute(AUDIT_TARGET));
  }

  /** Forces the audit outcome, such as {@code denied} when the guard refused the request. */
  public static void auditOutcome(Context context, String outcome) {
    context.attribute(AUDIT_OUTCOME, outcome);
  }

  public static Optional<String> auditOutcome(Context context) {
    return Optional.ofNullable(context.attribute(AUDIT_OUTCOME));
  }
}
