package io.loadline.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which recorded request headers an imported plan keeps. Stateless and thread-safe.
 *
 * <p>Dropped: hop-by-hop headers (RFC 9110 section 7.6.1 and the legacy {@code Keep-Alive} and
 * {@code Proxy-Connection}); headers the HTTP client writes itself ({@code Host}, {@code
 * Content-Length}, {@code Accept-Encoding}, since the client negotiates only the encodings it can
 * decode); HTTP/2 pseudo-headers such as {@code :authority}. In a {@code Cookie} header, the pairs
 * whose names the response of an earlier imported request set are dropped, since the flow's cookie
 * jar sets and sends them itself during the run; the other pairs (cookies the browser had before
 * the recording started) are kept, and an emptied {@code Cookie} header is dropped.
 */
public final class HeaderRules {

  private static final Set<String> DROPPED =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "trailers",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length",
          "accept-encoding");

  private HeaderRules() {}

  /** Whether a header of this name never goes into a plan. */
  public static boolean isDropped(String name) {
    String lower = name.strip().toLowerCase(Locale.ROOT);
    return lower.isEmpty() || lower.startsWith(":") || DROPPED.contains(lower);
  }

  /** Whether the header is {@code Cookie}, whatever its case. */
  public static boolean isCookie(String name) {
    return name.strip().equalsIgnoreCase("cookie");
  }

  /**
   * The {@code Cookie} header value without the pairs named in {@code setByFlow}, or the empty
   * string when none is left.
   */
  public static String withoutFlowCookies(String cookieHeader, Set<String> setByFlow) {
    List<String> kept = new ArrayList<>();
    for (String pair : cookieHeader.split(";")) {
      String trimmed = pair.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      int equals = trimmed.indexOf('=');
      String name = equals < 0 ? trimmed : trimmed.substring(0, equals).strip();
      if (!setByFlow.contains(name)) {
        kept.add(trimmed);
      }
    }
    return String.join("; ", kept);
  }
}
