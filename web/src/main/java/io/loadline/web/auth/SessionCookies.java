package io.loadline.web.auth;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The dashboard's cookies: the session token (HttpOnly, SameSite=Strict, Secure over HTTPS) and the
 * short-lived double-submit token that protects the login form itself. Thread-safe.
 */
public final class SessionCookies {

  /** Holds the session JWT. */
  public static final String SESSION = "loadline_session";

  /** Holds the login form's CSRF token until the form is posted. */
  public static final String LOGIN_CSRF = "loadline_login_csrf";

  /** The form field (or {@code X-CSRF-Token} header) that carries a CSRF token. */
  public static final String CSRF_FIELD = "csrf";

  public static final String CSRF_HEADER = "X-CSRF-Token";

  private static final int LOGIN_FORM_SECONDS = 30 * 60;

  private final SecureRandom random = new SecureRandom();

  /** Stores the session token in the browser for as long as the token lives. */
  public void startSession(Context context, IssuedToken token) {
    int maxAgeSeconds = (int) TokenService.TOKEN_LIFETIME.toSeconds();
    context.cookie(cookie(context, SESSION, token.token(), maxAgeSeconds));
    context.cookie(cookie(context, LOGIN_CSRF, "", 0));
  }

  /** Removes the session token from the browser. */
  public void endSession(Context context) {
    context.cookie(cookie(context, SESSION, "", 0));
  }

  /** The session token the browser sent, or null. */
  public String sessionToken(Context context) {
    return context.cookie(SESSION);
  }

  /** Issues a new login-form CSRF token, sets it as a cookie and returns it for the form. */
  public String newLoginCsrfToken(Context context) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    context.cookie(cookie(context, LOGIN_CSRF, token, LOGIN_FORM_SECONDS));
    return token;
  }

  /** Whether the posted login form carries the same CSRF token as its cookie. */
  public boolean loginCsrfTokenMatches(Context context) {
    String fromCookie = context.cookie(LOGIN_CSRF);
    String fromForm = context.formParam(CSRF_FIELD);
    return fromCookie != null
        && !fromCookie.isEmpty()
        && fromForm != null
        && java.security.MessageDigest.isEqual(
            fromCookie.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            fromForm.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** The CSRF token a state-changing dashboard request presented, from the form or a header. */
  public static String presentedCsrfToken(Context context) {
    String fromHeader = context.header(CSRF_HEADER);
    return fromHeader != null ? fromHeader : context.formParam(CSRF_FIELD);
  }

  private static Cookie cookie(Context context, String name, String value, int maxAgeSeconds) {
    Cookie cookie = new Cookie(name, value);
    cookie.setPath("/");
    cookie.setMaxAge(maxAgeSeconds);
    cookie.setHttpOnly(true);
    cookie.setSecure("https".equalsIgnoreCase(context.scheme()));
    cookie.setSameSite(SameSite.STRICT);
    return cookie;
  }
}
