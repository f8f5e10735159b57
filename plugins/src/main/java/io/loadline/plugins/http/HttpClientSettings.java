package io.loadline.plugins.http;

import io.loadline.spi.PluginConfig;
import io.loadline.spi.PluginOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The run-level settings of the {@code http} protocol: connection pool, timeouts, redirects.
 * Immutable. Every default is a constant here, in one place.
 *
 * @param maxConnectionsPerDestination cap on open connections to one scheme, host and port
 * @param maxRequestsQueuedPerDestination cap on requests waiting for a connection; beyond it a
 *     request fails at once (an {@code other_error})
 * @param connectTimeout how long a TCP (and TLS) connect may take; one that takes longer is a
 *     {@code connect_error}, even when it ends before the request's timeout
 * @param idleTimeout how long a pooled connection may stay unused before it is closed; a request in
 *     flight is bounded by its own timeout alone, so this never makes a request time out early
 * @param followRedirects whether 3xx responses are followed (otherwise they count as successes)
 */
public record HttpClientSettings(
    int maxConnectionsPerDestination,
    int maxRequestsQueuedPerDestination,
    Duration connectTimeout,
    Duration idleTimeout,
    boolean followRedirects) {

  public static final int DEFAULT_MAX_CONNECTIONS_PER_DESTINATION = 256;
  public static final int DEFAULT_MAX_REQUESTS_QUEUED_PER_DESTINATION = 100_000;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final boolean DEFAULT_FOLLOW_REDIRECTS = false;

  /** The settings a plan gets when it sets none. */
  public static final HttpClientSettings DEFAULTS =
      new HttpClientSettings(
          DEFAULT_MAX_CONNECTIONS_PER_DESTINATION,
          DEFAULT_MAX_REQUESTS_QUEUED_PER_DESTINATION,
          DEFAULT_CONNECT_TIMEOUT,
          DEFAULT_IDLE_TIMEOUT,
          DEFAULT_FOLLOW_REDIRECTS);

  /** The settings as the plugin list shows them, defaults included. */
  static final List<PluginOption> OPTIONS =
      List.of(
          PluginOption.optional(
              "maxConnectionsPerDestination",
              "integer",
              Integer.toString(DEFAULT_MAX_CONNECTIONS_PER_DESTINATION),
              "The most open connections to one scheme, host and port, 1 to 65536."),
          PluginOption.optional(
              "maxRequestsQueuedPerDestination",
              "integer",
              Integer.toString(DEFAULT_MAX_REQUESTS_QUEUED_PER_DESTINATION),
              "The most requests waiting for a connection; beyond it a request fails at once."),
          PluginOption.optional(
              "connectTimeout",
              "duration",
              DEFAULT_CONNECT_TIMEOUT.toSeconds() + "s",
              "How long a TCP (and TLS) connect may take; longer is a connect_error."),
          PluginOption.optional(
              "idleTimeout",
              "duration",
              DEFAULT_IDLE_TIMEOUT.toSeconds() + "s",
              "How long a pooled connection may stay unused; a request in flight waits for its"
                  + " own timeout instead."),
          PluginOption.optional(
              "followRedirects",
              "boolean",
              Boolean.toString(DEFAULT_FOLLOW_REDIRECTS),
              "Whether 3xx responses are followed; otherwise they count as successes."));

  private static final int MAX_CONNECTIONS_LIMIT = 65_536;
  private static final Set<String> KNOWN_KEYS =
      Set.of(
          "maxConnectionsPerDestination",
          "maxRequestsQueuedPerDestination",
          "connectTimeout",
          "idleTimeout",
          "followRedirects");

  /** Reads the settings, recording every problem in {@code config}; missing keys get defaults. */
  static HttpClientSettings read(PluginConfig config) {
    int maxConnections =
        config.optionalInt(
            "maxConnectionsPerDestination",
            DEFAULT_MAX_CONNECTIONS_PER_DESTINATION,
            1,
            MAX_CONNECTIONS_LIMIT);
    int maxQueued =
        config.optionalInt(
            "maxRequestsQueuedPerDestination",
            DEFAULT_MAX_REQUESTS_QUEUED_PER_DESTINATION,
            1,
            Integer.MAX_VALUE);
    Duration connectTimeout =
        config.optionalPositiveDuration("connectTimeout", DEFAULT_CONNECT_TIMEOUT);
    Duration idleTimeout = config.optionalPositiveDuration("idleTimeout", DEFAULT_IDLE_TIMEOUT);
    boolean followRedirects = config.optionalBoolean("followRedirects", DEFAULT_FOLLOW_REDIRECTS);
    config.rejectUnknownKeys(KNOWN_KEYS);
    return new HttpClientSettings(
        maxConnections, maxQueued, connectTimeout, idleTimeout, followRedirects);
  }
}
