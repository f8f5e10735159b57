package io.loadline.web.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.loadline.ConflictException;
import io.loadline.NotFoundException;
import io.loadline.plan.PlanValidationException;
import io.loadline.spi.ConfigProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into answers, the same way on every route. API routes answer JSON {@code {"error":
 * message}} (plus {@code problems} for an invalid plan and {@code requestId} for an internal
 * error); dashboard pages answer an HTML error page. An unexpected exception is logged with its
 * request id and answered 500 without a stack trace. Thread-safe.
 */
public final class ErrorMapping {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  private final ErrorPage errorPage;

  public ErrorMapping(ErrorPage errorPage) {
    this.errorPage = errorPage;
  }

  /** Registers the exception handlers. */
  public void registerWith(RoutesConfig routes) {
    routes.exception(NotFoundException.class, (e, ctx) -> answer(ctx, 404, e.getMessage()));
    routes.exception(ConflictException.class, (e, ctx) -> answer(ctx, 409, e.getMessage()));
    routes.exception(PlanValidationException.class, (e, ctx) -> invalidPlan(ctx, e.problems()));
    routes.exception(
        HttpResponseException.class, (e, ctx) -> answer(ctx, e.getStatus(), e.getMessage()));
    routes.exception(
        JsonProcessingException.class,
        (e, ctx) -> answer(ctx, 400, "Malformed JSON: " + e.getOriginalMessage()));
    routes.exception(Exception.class, this::internalError);
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
