package io.loadline.web.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Runs first on every request: gives it an id (sent back as {@code X-Request-Id}, written in audit
 * rows and error logs) and sets the security headers. The content security policy allows scripts
 * and styles from the server itself only, so the dashboard has no inline script or style (data goes
 * in JSON data blocks, which are never executed). The one exception is the self-contained HTML
 * report, whose route replaces this policy with one allowing its own inline code by hash ({@link
 * io.loadline.web.report.HtmlReport#contentSecurityPolicy()}). Thread-safe.
 */
public final class ResponseHeaders implements Handler {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

  /** Sets the headers every answer carries, through {@code header} (name, value). */
  static void addSecurityHeaders(BiConsumer<String, String> header) {
    header.accept("X-Content-Type-Options", "nosniff");
    header.accept("Referrer-Policy", "same-origin");
    header.accept("X-Frame-Options", "DENY");
    header.accept("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  }

  @Override
  public void handle(Context context) {
    String requestId = UUID.randomUUID().toString().substring(0, 13);
    RequestState.requestId(context, requestId);
    context.header("X-Request-Id", requestId);
    addSecurityHeaders(context::header);
    if (Route.isApiPath(context.path())) {
      // API answers may carry tokens, keys or private data: never keep them in a cache.
      context.header("Cache-Control", "no-store");
    }
  }
}
