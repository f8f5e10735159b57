package io.loadline.plugins.http;

import io.loadline.plugins.feeder.DataFile;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PluginOption;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The run-level settings of the {@code http} protocol: HTTP version, connection pool, timeouts,
 * redirects, which TLS certificates are trusted. Immutable. Every default is a constant here, in
 * one place.
 *
 * @param maxConnectionsPerDestination cap on open connections to one scheme, host and port; on
 *     HTTP/2 each connection carries as many requests at once as the server allows (its {@code
 *     SETTINGS_MAX_CONCURRENT_STREAMS}), and a new connection opens only when those are all busy
 * @param maxRequestsQueuedPerDestination cap on requests waiting for a connection; beyond it a
 *     request fails at once (an {@code other_error})
 * @param connectTimeout how long a TCP (and TLS) connect may take; one that takes longer is a
 *     {@code connect_error}, even when it ends before the request's timeout
 * @param idleTimeout how long a pooled connection may stay unused before it is closed; a request in
 *     flight is bounded by its own timeout alone, so this never makes a request time out early
 * @param followRedirects whether 3xx responses are followed (otherwise they count as successes)
 * @param version the HTTP version every request of the run speaks
 * @param insecureSkipTLSVerify whether every server certificate is accepted, unchecked, whatever
 *     host it names: for staging servers with self-signed certificates
 * @param trustStore a PKCS12 or JKS key store, already checked to be readable and to hold
 *     certificates, whose certificates are trusted instead of the JDK's default authorities; null
 *     for the JDK's defaults
 * @param trustStorePassword the trust store's password; null when it has none
 */
public record HttpClientSettings(
    int maxConnectionsPerDestination,
    int maxRequestsQueuedPerDestination,
    Duration connectTimeout,
    Duration idleTimeout,
    boolean followRedirects,
    Version version,
    boolean insecureSkipTLSVerify,
    Path trustStore,
    String trustStorePassword) {

  public static final int DEFAULT_MAX_CONNECTIONS_PER_DESTINATION = 256;
  public static final int DEFAULT_MAX_REQUESTS_QUEUED_PER_DESTINATION = 100_000;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final boolean DEFAULT_FOLLOW_REDIRECTS = false;
  public static final Version DEFAULT_VERSION = Version.HTTP_1_1;
  public static final boolean DEFAULT_INSECURE_SKIP_TLS_VERIFY = false;

  /** The HTTP version of a run's requests: one for the whole run, chosen by the plan. */
  public enum Version {
    /** HTTP/1.1 on keep-alive connections, one request at a time per connection. */
    HTTP_1_1("1.1"),
    /**
     * HTTP/2: cleartext with prior knowledge (h2c) for http:// URLs, negotiated by ALPN for
     * https:// ones, with no fallback to HTTP/1.1; many requests share one connection.
     */
    HTTP_2("2");

    private final String label;

    Version(String label) {
      this.label = label;
    }

    /** The value a plan writes, such as {@code 2}. */
    public String label() {
      return label;
    }

    /**
     * The version a plan's value names, or null. YAML reads {@code version: 2.0} as a number, so
     * 2.0 names HTTP/2 as well.
     */
    static Version fromLabel(String text) {
      return switch (text.strip()) {
        case "1.1" -> HTTP_1_1;
        case "2", "2.0" -> HTTP_2;
        default -> null;
      };
    }
  }

  /** The settings a plan gets when it sets none. */
  public static final HttpClientSettings DEFAULTS =
      new HttpClientSettings(
          DEFAULT_MAX_CONNECTIONS_PER_DESTINATION,
          DEFAULT_MAX_REQUESTS_QUEUED_PER_DESTINATION,
          DEFAULT_CONNECT_TIMEOUT,
          DEFAULT_IDLE_TIMEOUT,
          DEFAULT_FOLLOW_REDIRECTS,
          DEFAULT_VERSION,
          DEFAULT_INSECURE_SKIP_TLS_VERIFY,
          null,
          null);

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
              "Whether 3xx responses are followed; otherwise they count as successes."),
          PluginOption.optional(
              "version",
              "one of 1.1, 2",
              DEFAULT_VERSION.label(),
              "The HTTP version of every request: 2 is cleartext HTTP/2 (h2c, prior knowledge)"
                  + " for http:// and HTTP/2 by ALPN for https://, many requests per connection,"
                  + " no fallback to 1.1."),
          PluginOption.optional(
              "insecureSkipTLSVerify",
              "boolean",
              Boolean.toString(DEFAULT_INSECURE_SKIP_TLS_VERIFY),
              "Accept any server certificate, unchecked, whatever host it names (self-signed"
                  + " staging servers); the run's log warns once. Not with trustStore."),
          PluginOption.optionalWithoutDefault(
              "trustStore",
              "file",
              "A PKCS12 or JKS trust store, relative to the data directory, whose certificates"
                  + " (authorities or servers' own) are trusted instead of the JDK's default"
                  + " authorities."),
          PluginOption.optionalWithoutDefault(
              "trustStorePassword", "text", "The trust store's password, when it has one."));

  private static final int MAX_CONNECTIONS_LIMIT = 65_536;
  private static final Set<String> KNOWN_KEYS =
      Set.of(
          "maxConnectionsPerDestination",
          "maxRequestsQueuedPerDestination",
          "connectTimeout",
          "idleTimeout",
          "followRedirects",
          "version",
          "insecureSkipTLSVerify",
          "trustStore",
          "trustStorePassword");

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
    Version version = readVersion(config);
    boolean insecure =
        config.optionalBoolean("insecureSkipTLSVerify", DEFAULT_INSECURE_SKIP_TLS_VERIFY);
    String password = config.optionalString("trustStorePassword", null);
    Path trustStore = readTrustStore(config, insecure, password);
    config.rejectUnknownKeys(KNOWN_KEYS);
    return new HttpClientSettings(
        maxConnections,
        maxQueued,
        connectTimeout,
        idleTimeout,
        followRedirects,
        version,
        insecure,
        trustStore,
        password);
  }

  /**
   * The trust store, checked now, when the plan is validated, so that a wrong file or password is a
   * problem at its field rather than every request of the run failing; null when none is set or it
   * is wrong.
   */
  private static Path readTrustStore(PluginConfig config, boolean insecure, String password) {
    if (!config.has("trustStore")) {
      if (password != null) {
        config.problem(
            "trustStorePassword", "is set but trustStore is not; name the trust store it opens");
      }
      return null;
    }
    if (insecure) {
      config.problem(
          "trustStore",
          "cannot be used with insecureSkipTLSVerify: true, which accepts every certificate"
              + " unchecked; keep one of the two");
      return null;
    }
    Optional<DataFile> file = DataFile.resolve(config, "trustStore", "trust store", "ca.p12");
    if (file.isEmpty()) {
      return null;
    }
    String shown = file.get().displayName();
    KeyStore store;
    try {
      store = loadTrustStore(file.get().path(), password);
    } catch (KeyStoreException e) {
      // The JDK's message advises naming a type, which a plan cannot do: PKCS12 and JKS are read.
      config.problem("trustStore", "'" + shown + "' is not a PKCS12 or JKS key store");
      return null;
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        config.problem(
            password == null ? "trustStore" : "trustStorePassword",
            password == null
                ? "'" + shown + "' needs a password; set trustStorePassword"
                : "is not the password of '" + shown + "'");
      } else {
        config.problem(
            "trustStore", "'" + shown + "' cannot be read as a key store (" + e.getMessage() + ")");
      }
      return null;
    } catch (GeneralSecurityException e) {
      config.problem(
          "trustStore", "'" + shown + "' cannot be read as a key store (" + e.getMessage() + ")");
      return null;
    }
    if (certificateCount(store) == 0) {
      // A PKCS12 store opened without its password shows none of its encrypted certificates.
      config.problem(
          "trustStore",
          "'"
              + shown
              + "' holds no certificates"
              + (password == null ? "; if it has a password, set trustStorePassword" : ""));
      return null;
    }
    return file.get().path();
  }

  /**
   * Opens a trust store of either type (PKCS12 or JKS; the JDK tells them apart by their content).
   * Without a password a store is opened unchecked, and a PKCS12 one then shows no certificates.
   */
  static KeyStore loadTrustStore(Path file, String password)
      throws IOException, GeneralSecurityException {
    return KeyStore.getInstance(file.toFile(), password == null ? null : password.toCharArray());
  }

  private static int certificateCount(KeyStore store) {
    int count = 0;
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.getCertificate(alias) != null) {
          count++;
        }
      }
    } catch (KeyStoreException e) {
      // The store is loaded, so this does not happen; count what was seen.
      return count;
    }
    return count;
  }

  private static Version readVersion(PluginConfig config) {
    String text = config.optionalString("version", DEFAULT_VERSION.label());
    Version version = Version.fromLabel(text);
    if (version == null) {
      config.problem(
          "version", "must be 1.1 (HTTP/1.1, the default) or 2 (HTTP/2), was '" + text + "'");
      return DEFAULT_VERSION;
    }
    return version;
  }

  /** The settings without the trust store's password, which must not reach a log. */
  @Override
  public String toString() {
    return "HttpClientSettings[maxConnectionsPerDestination="
        + maxConnectionsPerDestination
        + ", maxRequestsQueuedPerDestination="
        + maxRequestsQueuedPerDestination
        + ", connectTimeout="
        + connectTimeout
        + ", idleTimeout="
        + idleTimeout
        + ", followRedirects="
        + followRedirects
        + ", version="
        + version
        + ", insecureSkipTLSVerify="
        + insecureSkipTLSVerify
        + ", trustStore="
        + trustStore
        + ", trustStorePassword="
        + (trustStorePassword == null ? "none" : "(hidden)")
        + "]";
  }
}
