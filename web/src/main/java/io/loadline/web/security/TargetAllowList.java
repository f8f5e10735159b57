package io.loadline.web.security;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hosts a plan's requests may target, from {@code LOADLINE_ALLOWED_TARGETS}: a comma-separated
 * list of host names ({@code staging.example.com}, any port), {@code host:port}, IP addresses and
 * CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}, any port; {@code [::1]:8080} with a port).
 * Immutable and thread-safe.
 *
 * <p>Known limits, on purpose: host names are compared as written, without DNS resolution (a
 * resolved address could change between the check and the run), so a CIDR entry only admits URLs
 * whose host is an IP literal; and a URL with a {@code {{placeholder}}} anywhere before the end of
 * its authority (in its scheme, host or port, or in front of the scheme) is refused whenever a list
 * is set, because its target is unknown until the run.
 */
public final class TargetAllowList {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{|\\}\\}|\\$\\{");

  /** A URL scheme as RFC 3986 spells it: a letter, then letters, digits, '+', '-' or '.'. */
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

  private final List<Entry> entries;

  private TargetAllowList(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** No list: every target is allowed. */
  public static TargetAllowList allowAll() {
    return new TargetAllowList(List.of());
  }

  /**
   * Parses a comma-separated list.
   *
   * @throws IllegalArgumentException naming every malformed entry
   */
  public static TargetAllowList parse(String text) {
    List<Entry> entries = new ArrayList<>();
    List<String> malformed = new ArrayList<>();
    for (String raw : text.split(",")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      try {
        entries.add(Entry.parse(entry));
      } catch (IllegalArgumentException problem) {
        malformed.add("'" + entry + "' (" + problem.getMessage() + ")");
      }
    }
    if (!malformed.isEmpty()) {
      throw new IllegalArgumentException(
          "not a host, host:port, IP address or CIDR block: " + String.join(", ", malformed));
    }
    return new TargetAllowList(entries);
  }

  /** Whether a list is set at all. */
  public boolean isRestricted() {
    return !entries.isEmpty();
  }

  /**
   * Why a URL may not be targeted, or empty when it may. Without a list every URL may.
   *
   * @param url a step's URL as the plan wrote it
   */
  public Optional<String> refusal(String url) {
    if (!isRestricted()) {
      return Optional.empty();
    }
    // The http protocol trims its URL before it sends; read the same text it will send.
    String text = url.strip();
    int schemeEnd = text.indexOf("://");
    if (schemeEnd < 0) {
      return Optional.of("'" + url + "' names no host");
    }
    String origin = text.substring(0, originEnd(text, schemeEnd));
    if (PLACEHOLDER.matcher(origin).find()) {
      return Optional.of(
          "'"
              + url
              + "' has a placeholder in its scheme, host or port, which the allow-list cannot"
              + " check; write them out and keep placeholders to the path and query");
    }
    if (!SCHEME.matcher(text.substring(0, schemeEnd)).matches()) {
      return Optional.of("'" + url + "' has no valid scheme before '://'");
    }
    String authority = authorityOf(origin.substring(schemeEnd + 3));
    if (authority == null) {
      return Optional.of("'" + url + "' names no host");
    }
    Optional<Target> target = Target.of(text, authority);
    if (target.isEmpty()) {
      return Optional.of("'" + url + "' has no valid host");
    }
    if (entries.stream().anyMatch(entry -> entry.admits(target.get()))) {
      return Optional.empty();
    }
    return Optional.of(
        "the host " + target.get() + " of '" + url + "' is not in " + ENV_NAME + " (" + this + ")");
  }

  private static final String ENV_NAME = SecurityConfig.ENV_ALLOWED_TARGETS;

  /**
   * Why a target found during a run (a redirect's location) may not be reached, or empty when it
   * may. Only its scheme and host-and-port are checked and named: the reason ends up in the run's
   * failure messages, which every viewer reads, and the full location may carry credentials ({@code
   * user:password@}) or tokens in its path and query.
   */
  public Optional<String> refusal(URI target) {
    String authority = target.getRawAuthority();
    if (!isRestricted() || target.getScheme() == null || authority == null) {
      return isRestricted() ? Optional.of("the location names no host") : Optional.empty();
    }
    return refusal(
        target.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1) + "/");
  }

  /**
   * Where a URL's scheme and authority end: the first {@code /}, {@code ?} or {@code #} after the
   * {@code ://} at {@code schemeEnd}, else the URL's end. Everything before must be literal text.
   */
  private static int originEnd(String url, int schemeEnd) {
    for (int index = schemeEnd + 3; index < url.length(); index++) {
      if ("/?#".indexOf(url.charAt(index)) >= 0) {
        return index;
      }
    }
    return url.length();
  }

  /** The host and port of an authority: without user information; null when nothing is left. */
  private static String authorityOf(String authority) {
    int userInfo = authority.lastIndexOf('@');
    String hostAndPort = userInfo >= 0 ? authority.substring(userInfo + 1) : authority;
    return hostAndPort.isEmpty() ? null : hostAndPort;
  }

  @Override
  public String toString() {
    return entries.isEmpty()
        ? "any target"
        : String.join(", ", entries.stream().map(Entry::text).toList());
  }

  /** A host and port a URL aims at; host in lower case, IPv6 without brackets. */
  record Target(String host, int port) {

    static Optional<Target> of(String url, String authority) {
      String scheme = url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT);
      try {
        URI uri = new URI("x://" + authority);
        if (uri.getHost() == null) {
          return Optional.empty();
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
        return Optional.of(new Target(host, port));
      } catch (URISyntaxException malformed) {
        return Optional.empty();
      }
    }

    private static int defaultPort(String scheme) {
      return switch (scheme) {
        case "https", "wss" -> 443;
        default -> 80;
      };
    }

    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /** One allow-list entry: a host with an optional port, or a CIDR block. */
  private record Entry(String text, String host, Integer port, byte[] network, int prefixBits) {

    static Entry parse(String text) {
      String lower = text.toLowerCase(Locale.ROOT);
      int slash = lower.indexOf('/');
      if (slash >= 0) {
        byte[] network = ipLiteral(lower.substring(0, slash));
        if (network == null) {
          throw new IllegalArgumentException("a CIDR block needs an IP address before the '/'");
        }
        int bits = Integer.parseInt(lower.substring(slash + 1));
        if (bits < 0 || bits > network.length * 8) {
          throw new IllegalArgumentException("prefix length out of range");
        }
        return new Entry(text, null, null, network, bits);
      }
      byte[] bareAddress = ipLiteral(lower);
      if (bareAddress != null) {
        return new Entry(text, null, null, bareAddress, bareAddress.length * 8);
      }
      Optional<Target> target = Target.of("x://", lower);
      if (target.isEmpty()) {
        throw new IllegalArgumentException("not a host");
      }
      Integer port = lower.matches(".*:\\d+$") ? target.get().port() : null;
      byte[] address = ipLiteral(target.get().host());
      if (address != null) {
        return new Entry(text, null, port, address, address.length * 8);
      }
      return new Entry(text, target.get().host(), port, null, 0);
    }

    boolean admits(Target target) {
      boolean portMatches = port == null || port == target.port();
      if (network != null) {
        byte[] address = ipLiteral(target.host());
        return portMatches
            && address != null
            && address.length == network.length
            && inBlock(address);
      }
      return host.equals(target.host()) && portMatches;
    }

    private boolean inBlock(byte[] address) {
      int totalBits = address.length * 8;
      BigInteger mask =
          BigInteger.ONE.shiftLeft(totalBits).subtract(BigInteger.ONE).shiftRight(prefixBits).not();
      return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
    }

    /** The bytes of an IP literal, or null for a host name (never resolved). */
    private static byte[] ipLiteral(String host) {
      boolean ipv4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
      boolean ipv6 = host.contains(":") && host.matches("[0-9a-f:.]+");
      if (!ipv4 && !ipv6) {
        return null;
      }
      try {
        return InetAddress.getByName(host).getAddress();
      } catch (UnknownHostException malformed) {
        return null;
      }
    }
  }
}
