package io.loadline.web.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.EndpointMetadata;
import io.loadline.web.auth.Access;
import java.util.Objects;

/**
 * One route of the server: method, path, the access it needs, and the audit action it records (or
 * null when it changes nothing). Immutable; carried on the Javalin endpoint as metadata so the
 * guard and the audit recorder read the same declaration.
 *
 * @param method the HTTP method
 * @param path the Javalin path, such as {@code /api/v1/plans/{id}}
 * @param access who may call it
 * @param auditAction the audit log action, such as {@code plan.create}, or null when not audited
 * @param handler the handler, run only after the guard let the request through
 */
public record Route(
    HandlerType method, String path, Access access, String auditAction, Handler handler)
    implements EndpointMetadata {

  /** API routes answer JSON and take bearer tokens; the others are dashboard pages. */
  public static final String API_PREFIX = "/api/";

  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(handler, "handler");
  }

  /** Whether this is a JSON API route (bearer token) rather than a dashboard page (cookie). */
  public boolean isApi() {
    return isApiPath(path);
  }

  /** Whether the route records an audit row. */
  public boolean isAudited() {
    return auditAction != null;
  }

  /** Whether a request path belongs to the JSON API. */
  public static boolean isApiPath(String path) {
    return path.startsWith(API_PREFIX);
  }

  @Override
  public String toString() {
    return method + " " + path + " (" + access + ")";
  }
}
