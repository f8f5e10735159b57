package io.loadline.web.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.router.EndpointNotFound;
import io.loadline.ConflictException;
import io.loadline.NotFoundException;
import io.loadline.plan.PlanValidationException;
import io.loadline.spi.ConfigProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into answers, the same way on every route. API routes answer JSON {@code {"error":
 * message}} (plus {@code problems} for an invalid plan and {@code requestId} for an internal
 * error); dashboard pages answer an HTML error page. A path that exists with other methods is
 * answered 405 with an {@code Allow} header, an unknown one 404, a body over the limit 413 naming
 * the limit (the route's own, where it has one). An unexpected exception is logged with its request
 * id and answered 500 without a stack trace. Thread-safe.
 */
public final class ErrorMapping {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
  private static final int CONTENT_TOO_LARGE = 413;

  private final ErrorPage errorPage;
  private final Function<String, Set<String>> allowedMethods;
  private final long maxRequestBytes;

  /** Answers failures without knowing the routes (404 for a wrong method, too). */
  public ErrorMapping(ErrorPage errorPage) {
    this(errorPage, path -> Set.of(), 0);
  }

  /**
   * Answers failures, with 405 and an {@code Allow} header when a path exists with other methods.
   *
   * @param allowedMethods the methods declared for a request path, empty for an unknown path
   * @param maxRequestBytes the request body limit that a 413 names
   */
  public ErrorMapping(
      ErrorPage errorPage, Function<String, Set<String>> allowedMethods, long maxRequestBytes) {
    this.errorPage = errorPage;
    this.allowedMethods = allowedMethods;
    this.maxRequestBytes = maxRequestBytes;
  }

  /** Registers the exception handlers. */
  public void registerWith(RoutesConfig routes) {
    routes.exception(NotFoundException.class, (e, ctx) -> answer(ctx, 404, e.getMessage()));
    routes.exception(ConflictException.class, (e, ctx) -> answer(ctx, 409, e.getMessage()));
    routes.exception(PlanValidationException.class, (e, ctx) -> invalidPlan(ctx, e.problems()));
    routes.exception(EndpointNotFound.class, (e, ctx) -> noEndpoint(ctx));
    routes.exception(HttpResponseException.class, this::httpResponse);
    routes.exception(
        JsonProcessingException.class,
        (e, ctx) ->
            answer(
                ctx,
                400,
                "The request body is not valid JSON at " + JsonMapping.whereMalformed(e)));
    routes.exception(Exception.class, this::internalError);
  }

  /** No route for this method and path: 405 naming the allowed methods, or 404. */
  private void noEndpoint(Context context) {
    Set<String> allowed = allowedMethods.apply(context.path());
    if (allowed.isEmpty()) {
      answer(context, 404, "There is no " + context.path() + "; check the address.");
      return;
    }
    String allowHeader = String.join(", ", allowed);
    context.header(Header.ALLOW, allowHeader);
    answer(
        context,
        405,
        context.method().name()
            + " is not allowed on "
            + context.path()
            + "; use "
            + allowHeader
            + ".");
  }

  private void httpResponse(HttpResponseException failure, Context context) {
    // Javalin's own refusal of a body over the request limit carries only the status's name; a
    // route with a limit of its own (data uploads) says that limit, and its message is kept.
    boolean javalinLimit =
        failure.getStatus() == CONTENT_TOO_LARGE
            && HttpStatus.CONTENT_TOO_LARGE.getMessage().equals(failure.getMessage());
    if (javalinLimit && maxRequestBytes > 0) {
      answer(context, CONTENT_TOO_LARGE, tooLarge());
    } else {
      answer(context, failure.getStatus(), failure.getMessage());
    }
  }

  private String tooLarge() {
    return "The request body is larger than the limit of "
        + byteLimit(maxRequestBytes)
        + "; send a smaller one.";
  }

  /** A size limit as a 413 names it: {@code 32 MiB (33554432 bytes)}, or bytes alone. */
  public static String byteLimit(long bytes) {
    long mebibyte = 1024 * 1024;
    return bytes % mebibyte == 0
        ? bytes / mebibyte + " MiB (" + bytes + " bytes)"
        : bytes + " bytes";
  }

  private void answer(Context context, int status, String message) {
    context.status(status);
    if (Route.isApiPath(context.path())) {
      context.json(Map.of("error", message));
    } else {
      errorPage.render(context, status, message);
    }
  }

  private void invalidPlan(Context context, List<ConfigProblem> problems) {
    context.status(400);
    if (!Route.isApiPath(context.path())) {
      errorPage.render(context, 400, "The plan is invalid: " + problems);
      return;
    }
    List<Map<String, String>> problemList =
        problems.stream().map(p -> Map.of("path", p.path(), "message", p.message())).toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", "invalid plan");
    body.put("problems", problemList);
    context.json(body);
  }

  private void internalError(Exception failure, Context context) {
    String requestId = RequestState.requestId(context);
    LOG.error("Request {} {} {} failed", requestId, context.method(), context.path(), failure);
    context.status(500);
    if (Route.isApiPath(context.path())) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", "internal error; the server log has the details under this request id");
      body.put("requestId", requestId);
      context.json(body);
    } else {
      errorPage.render(
          context, 500, "Something went wrong on the server (request " + requestId + ").");
    }
  }

  /** Renders a dashboard error page; implemented by the dashboard. */
  @FunctionalInterface
  public interface ErrorPage {
    void render(Context context, int status, String message);
  }
}
