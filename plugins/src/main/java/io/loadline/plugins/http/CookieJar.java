package io.loadline.plugins.http;

import java.net.HttpCookie;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cookies of one virtual user's iteration: filled from every {@code Set-Cookie} the user
 * receives (redirects included) and sent back as one {@code Cookie} header on later requests whose
 * host, path and scheme match. One jar per iteration, kept in the engine's session, so users never
 * see each other's cookies.
 *
 * <p>Thread-safety: the requests of an iteration run one after another, but on different client
 * threads, so every method synchronizes. Known limits: no public-suffix check, and {@code SameSite}
 * is ignored (a load test is its own first party).
 */
final class CookieJar {

  /** The key of the jar in {@link io.loadline.spi.Session#state}. */
  static final Object SESSION_KEY = new Object();

  private final Map<String, StoredCookie> cookies = new LinkedHashMap<>();

  /** Stores the cookies of {@code setCookieHeaders}, received from {@code uri}. */
  synchronized void store(URI uri, List<String> setCookieHeaders) {
    for (String header : setCookieHeaders) {
      List<HttpCookie> parsed;
      try {
        parsed = HttpCookie.parse(header);
      } catch (IllegalArgumentException e) {
        continue; // a malformed Set-Cookie is ignored, as browsers do
      }
      for (HttpCookie cookie : parsed) {
        store(uri, cookie);
      }
    }
  }

  private void store(URI uri, HttpCookie cookie) {
    String host = host(uri);
    String domain = cookie.getDomain();
    boolean hostOnly = domain == null || domain.isBlank();
    String effectiveDomain = hostOnly ? host : stripDot(domain.toLowerCase(Locale.ROOT));
    if (!hostOnly && !domainMatches(host, effectiveDomain)) {
      return; // a server may not set cookies for another domain
    }
    String path = cookie.getPath() == null ? defaultPath(uri) : cookie.getPath();
    String key = cookie.getName() + ";" + effectiveDomain + ";" + path;
    if (cookie.getMaxAge() == 0 || cookie.hasExpired()) {
      cookies.remove(key);
      return;
    }
    long expiresAtMillis =
        cookie.getMaxAge() < 0 ? Long.MAX_VALUE : now() + cookie.getMaxAge() * 1000L;
    cookies.put(
        key,
        new StoredCookie(
            cookie.getName(),
            cookie.getValue(),
            effectiveDomain,
            hostOnly,
            path,
            cookie.getSecure(),
            expiresAtMillis));
  }

  /** The {@code Cookie} header value for a request to {@code uri}, or null when none applies. */
  synchronized String cookieHeader(URI uri) {
    String host = host(uri);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    boolean secure = "https".equalsIgnoreCase(uri.getScheme());
    long now = now();
    List<String> pairs = new ArrayList<>();
    cookies.values().removeIf(cookie -> cookie.expiresAtMillis() <= now);
    for (StoredCookie cookie : cookies.values()) {
      boolean hostFits =
          cookie.hostOnly() ? host.equals(cookie.domain()) : domainMatches(host, cookie.domain());
      if (hostFits && pathMatches(path, cookie.path()) && (secure || !cookie.secure())) {
        pairs.add(cookie.name() + "=" + cookie.value());
      }
    }
    return pairs.isEmpty() ? null : String.join("; ", pairs);
  }

  /** Every cookie held, by name (the last stored wins when names repeat across paths). */
  synchronized Map<String, String> valuesByName() {
    Map<String, String> values = new LinkedHashMap<>();
    long now = now();
    for (StoredCookie cookie : cookies.values()) {
      if (cookie.expiresAtMillis() > now) {
        values.put(cookie.name(), cookie.value());
      }
    }
    return values;
  }

  private static boolean domainMatches(String host, String domain) {
    return host.equals(domain) || host.endsWith("." + domain);
  }

  private static boolean pathMatches(String requestPath, String cookiePath) {
    if (requestPath.equals(cookiePath)) {
      return true;
    }
    return requestPath.startsWith(cookiePath)
        && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
  }

  /** The directory of the request path, as RFC 6265 says when a cookie names no path. */
  private static String defaultPath(URI uri) {
    String path = uri.getRawPath();
    if (path == null || !path.startsWith("/") || path.lastIndexOf('/') == 0) {
      return "/";
    }
    return path.substring(0, path.lastIndexOf('/'));
  }

  private static String host(URI uri) {
    return uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
  }

  private static String stripDot(String domain) {
    return domain.startsWith(".") ? domain.substring(1) : domain;
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  private record StoredCookie(
      String name,
      String value,
      String domain,
      boolean hostOnly,
      String path,
      boolean secure,
      long expiresAtMillis) {}

  @Override
  public synchronized String toString() {
    return "CookieJar[" + cookies.size() + " cookies]";
  }
}
