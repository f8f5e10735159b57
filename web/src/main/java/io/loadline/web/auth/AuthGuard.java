package io.loadline.web.auth;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.router.Endpoint;
import io.loadline.web.http.RequestState;
import io.loadline.web.http.Route;
import java.util.Optional;

/**
 * The one place every request passes before its handler: finds the route's declared access,
 * authenticates the caller and checks the role. API routes take a session token or an API key
 * ({@code Authorization: Bearer <token or ll_ key>}, or {@code X-API-Key: ll_...}) and answer 401
 * or 403; dashboard pages take the session cookie, send a stranger to the login page, and check the
 * CSRF token of every POST. A matched endpoint without a declared access is refused (fail closed).
 * Thread-safe.
 */
public final class AuthGuard implements Handler {

  private static final String BEARER = "Bearer ";

  /** The header that may carry an API key instead of {@code Authorization}. */
  public static final String API_KEY_HEADER = "X-API-Key";

  private final Authenticator authenticator;
  private final ApiKeys apiKeys;
  private final SessionCookies cookies;

  public AuthGuard(Authenticator authenticator, ApiKeys apiKeys, SessionCookies cookies) {
    this.authenticator = authenticator;
    this.apiKeys = apiKeys;
    this.cookies = cookies;
  }

  @Override
  public void handle(Context context) {
    Endpoint endpoint = context.endpoints().matchedHttpEndpoint();
    if (endpoint == null) {
      return; // static files and unknown paths carry nothing to protect
    }
    Route route = endpoint.metadata(Route.class);
    if (route == null) {
      RequestState.auditOutcome(context, "denied");
      throw new ForbiddenResponse("This route declares no access; it is refused.");
    }
    if (route.access() == Access.PUBLIC) {
      return;
    }
    if (route.isApi()) {
      guardApi(context, route);
    } else {
      guardPage(context, route);
    }
  }

  private void guardApi(Context context, Route route) {
    Optional<Principal> principal = apiCaller(context);
    if (principal.isEmpty()) {
      RequestState.auditOutcome(context, "denied");
      context.header("WWW-Authenticate", "Bearer realm=\"loadline\"");
      throw new UnauthorizedResponse(
          "Sign in first: send 'Authorization: Bearer <token>' with a token from"
              + " POST /api/v1/auth/login, or an API key as 'Authorization: Bearer ll_...' or"
              + " 'X-API-Key: ll_...'. An expired, revoked or unknown credential is refused.");
    }
    RequestState.principal(context, principal.get());
    requireRole(context, route, principal.get());
  }

  private void guardPage(Context context, Route route) {
    Optional<Principal> principal = authenticator.principal(cookies.sessionToken(context));
    if (principal.isEmpty()) {
      sendToLogin(context);
      return;
    }
    RequestState.principal(context, principal.get());
    requireRole(context, route, principal.get());
    if (route.method() == HandlerType.POST) {
      String presented = SessionCookies.presentedCsrfToken(context);
      if (!authenticator.tokens().csrfTokenMatches(principal.get().tokenId(), presented)) {
        RequestState.auditOutcome(context, "denied");
        throw new ForbiddenResponse(
            "The form's security token is missing or stale; reload the page and try again.");
      }
    }
  }

  private static void requireRole(Context context, Route route, Principal principal) {
    if (!route.access().admits(principal.role())) {
      RequestState.auditOutcome(context, "denied");
      throw new ForbiddenResponse(
          "This needs the role '"
              + route.access().minimumRole().map(Role::label).orElse("none")
              + "' or higher; you are '"
              + principal.role().label()
              + "'.");
    }
  }

  private static void sendToLogin(Context context) {
    cookiesCleared(context);
    if (context.header("HX-Request") != null) {
      // htmx would swap the login page into a fragment; ask it to navigate instead.
      context.header("HX-Redirect", "/login");
      context.status(HttpStatus.UNAUTHORIZED);
    } else {
      context.redirect("/login", HttpStatus.SEE_OTHER);
    }
    RequestState.auditOutcome(context, "denied");
    context.skipRemainingHandlers();
  }

  private static void cookiesCleared(Context context) {
    if (context.cookie(SessionCookies.SESSION) != null) {
      context.removeCookie(SessionCookies.SESSION, "/");
    }
  }

  /** The caller named by an API key header or a bearer credential (a key or a session token). */
  private Optional<Principal> apiCaller(Context context) {
    String apiKey = context.header(API_KEY_HEADER);
    if (apiKey != null) {
      return apiKeys.authenticate(apiKey.trim());
    }
    String bearer = bearerToken(context);
    return ApiKeys.looksLikeKey(bearer)
        ? apiKeys.authenticate(bearer)
        : authenticator.principal(bearer);
  }

  private static String bearerToken(Context context) {
    String header = context.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    return header.substring(BEARER.length()).trim();
  }
}
