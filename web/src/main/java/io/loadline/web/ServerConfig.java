package io.loadline.web;

import io.loadline.engine.EngineSettings;
import io.loadline.spi.PluginConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the server needs to start. Immutable. Built from the defaults, then the environment
 * ({@link #fromEnvironment}), then command-line options (the {@code with...} methods), each
 * overriding the one before.
 *
 * <table>
 *   <caption>Settings and their environment variables</caption>
 *   <tr><th>setting</th><th>variable</th><th>default</th></tr>
 *   <tr><td>port</td><td>LOADLINE_PORT</td><td>8080</td></tr>
 *   <tr><td>bind host</td><td>LOADLINE_HOST</td><td>127.0.0.1</td></tr>
 *   <tr><td>data directory</td><td>LOADLINE_DATA_DIR</td><td>./data</td></tr>
 *   <tr><td>plugins directory</td><td>LOADLINE_PLUGINS_DIR</td><td>./plugins</td></tr>
 *   <tr><td>first admin's password</td><td>LOADLINE_ADMIN_PASSWORD</td><td>generated</td></tr>
 *   <tr><td>JWT secret</td><td>LOADLINE_JWT_SECRET</td><td>generated, kept in the db</td></tr>
 *   <tr><td>default request timeout</td><td>LOADLINE_DEFAULT_TIMEOUT</td><td>30s</td></tr>
 *   <tr><td>default in-flight cap</td><td>LOADLINE_MAX_IN_FLIGHT</td><td>10000</td></tr>
 *   <tr><td>default graceful stop</td><td>LOADLINE_GRACEFUL_STOP</td><td>30s</td></tr>
 *   <tr><td>log format (text or json)</td><td>LOADLINE_LOG_FORMAT</td><td>text</td></tr>
 * </table>
 *
 * @param bindHost the address the server listens on; 127.0.0.1 keeps it private to this machine
 * @param port the HTTP port; 0 picks a free one
 * @param dataDirectory holds the database and the files plans' feeders read
 * @param pluginsDirectory plugin jars found here are loaded at start-up
 * @param defaultTimeout per-request timeout when a plan sets none
 * @param defaultMaxInFlight in-flight iteration cap per scenario when a plan sets none
 * @param defaultGracefulStop time in-flight requests get after the end or a stop
 * @param adminPassword the first admin's password, or null to generate one
 * @param jwtSecret the token signing secret, or null to generate one and keep it in the database
 */
public record ServerConfig(
    String bindHost,
    int port,
    Path dataDirectory,
    Path pluginsDirectory,
    Duration defaultTimeout,
    int defaultMaxInFlight,
    Duration defaultGracefulStop,
    String adminPassword,
    String jwtSecret) {

  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_BIND_HOST = "127.0.0.1";
  public static final Path DEFAULT_DATA_DIRECTORY = Path.of("data");
  public static final Path DEFAULT_PLUGINS_DIRECTORY = Path.of("plugins");
  public static final String DATABASE_FILE_NAME = "loadline.db";

  public static final String ENV_PORT = "LOADLINE_PORT";
  public static final String ENV_HOST = "LOADLINE_HOST";
  public static final String ENV_DATA_DIR = "LOADLINE_DATA_DIR";
  public static final String ENV_PLUGINS_DIR = "LOADLINE_PLUGINS_DIR";
  public static final String ENV_ADMIN_PASSWORD = "LOADLINE_ADMIN_PASSWORD";
  public static final String ENV_JWT_SECRET = "LOADLINE_JWT_SECRET";
  public static final String ENV_DEFAULT_TIMEOUT = "LOADLINE_DEFAULT_TIMEOUT";
  public static final String ENV_MAX_IN_FLIGHT = "LOADLINE_MAX_IN_FLIGHT";
  public static final String ENV_GRACEFUL_STOP = "LOADLINE_GRACEFUL_STOP";

  /**
   * The log format, {@code text} (the default) or {@code json}. Read by the CLI before anything
   * logs (see {@link #jsonLogsRequested}), not a component of this record: logback is set up once
   * per process, before any config exists.
   */
  public static final String ENV_LOG_FORMAT = "LOADLINE_LOG_FORMAT";

  /** The logback configuration of the {@code json} log format, a classpath resource. */
  public static final String JSON_LOG_CONFIGURATION = "logback-json.xml";

  public ServerConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(pluginsDirectory, "pluginsDirectory");
    Objects.requireNonNull(defaultTimeout, "defaultTimeout");
    Objects.requireNonNull(defaultGracefulStop, "defaultGracefulStop");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    if (defaultMaxInFlight < 1) {
      throw new IllegalArgumentException(
          "defaultMaxInFlight must be at least 1, was " + defaultMaxInFlight);
    }
  }

  /** The built-in defaults. */
  public static ServerConfig defaults() {
    return new ServerConfig(
        DEFAULT_BIND_HOST,
        DEFAULT_PORT,
        DEFAULT_DATA_DIRECTORY,
        DEFAULT_PLUGINS_DIRECTORY,
        EngineSettings.FALLBACK_TIMEOUT,
        EngineSettings.FALLBACK_MAX_IN_FLIGHT,
        EngineSettings.FALLBACK_GRACEFUL_STOP,
        null,
        null);
  }

  /**
   * Whether {@code LOADLINE_LOG_FORMAT} asks for JSON logs: true for {@code json}, false for {@code
   * text} or when unset or blank.
   *
   * @throws IllegalArgumentException for any other value, naming the variable and the values
   */
  public static boolean jsonLogsRequested(Map<String, String> environment) {
    String format = nonBlank(environment.get(ENV_LOG_FORMAT));
    if (format == null || format.equals("text")) {
      return false;
    }
    if (format.equals("json")) {
      return true;
    }
    throw new IllegalArgumentException(
        ENV_LOG_FORMAT + " must be 'text' or 'json', was '" + format + "'.");
  }

  /**
   * The defaults overridden by the {@code LOADLINE_*} variables that are set and not blank.
   *
   * @throws IllegalArgumentException when a variable's value does not fit it, naming the variable
   */
  public static ServerConfig fromEnvironment(Map<String, String> environment) {
    ServerConfig config = defaults();
    String port = nonBlank(environment.get(ENV_PORT));
    if (port != null) {
      config = config.withPort(parsePort(port));
    }
    String host = nonBlank(environment.get(ENV_HOST));
    if (host != null) {
      config = config.withBindHost(host);
    }
    String dataDirectory = nonBlank(environment.get(ENV_DATA_DIR));
    if (dataDirectory != null) {
      config = config.withDataDirectory(Path.of(dataDirectory));
    }
    String pluginsDirectory = nonBlank(environment.get(ENV_PLUGINS_DIR));
    if (pluginsDirectory != null) {
      config = config.withPluginsDirectory(Path.of(pluginsDirectory));
    }
    config =
        config.withEngineDefaults(
            // A zero timeout would fail every request; a zero graceful stop is a choice.
            durationOr(environment, ENV_DEFAULT_TIMEOUT, config.defaultTimeout(), false),
            maxInFlightOr(environment, config.defaultMaxInFlight()),
            durationOr(environment, ENV_GRACEFUL_STOP, config.defaultGracefulStop(), true));
    return config.withSecrets(
        nonBlank(environment.get(ENV_ADMIN_PASSWORD)), nonBlank(environment.get(ENV_JWT_SECRET)));
  }

  private static Duration durationOr(
      Map<String, String> environment, String variable, Duration fallback, boolean zeroAllowed) {
    String text = nonBlank(environment.get(variable));
    if (text == null) {
      return fallback;
    }
    try {
      return zeroAllowed
          ? PluginConfig.parseDuration(text)
          : PluginConfig.parsePositiveDuration(text);
    } catch (IllegalArgumentException notADuration) {
      throw new IllegalArgumentException(variable + " " + notADuration.getMessage());
    }
  }

  private static int maxInFlightOr(Map<String, String> environment, int fallback) {
    String text = nonBlank(environment.get(ENV_MAX_IN_FLIGHT));
    if (text == null) {
      return fallback;
    }
    try {
      int cap = Integer.parseInt(text.trim());
      if (cap >= 1) {
        return cap;
      }
    } catch (NumberFormatException notANumber) {
      // Reported below with the variable's name.
    }
    throw new IllegalArgumentException(
        ENV_MAX_IN_FLIGHT + " must be a whole number of at least 1, was '" + text + "'");
  }

  /** The SQLite file: {@code <data directory>/loadline.db}. */
  public Path databaseFile() {
    return dataDirectory.resolve(DATABASE_FILE_NAME);
  }

  /** The engine's defaults for what plans leave out. */
  public EngineSettings engineSettings() {
    return new EngineSettings(
        defaultTimeout, defaultMaxInFlight, defaultGracefulStop, dataDirectory);
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(
        bindHost,
        newPort,
        dataDirectory,
        pluginsDirectory,
        defaultTimeout,
        defaultMaxInFlight,
        defaultGracefulStop,
        adminPassword,
        jwtSecret);
  }

  public ServerConfig withBindHost(String newBindHost) {
    return new ServerConfig(
        newBindHost,
        port,
        dataDirectory,
        pluginsDirectory,
        defaultTimeout,
        defaultMaxInFlight,
        defaultGracefulStop,
        adminPassword,
        jwtSecret);
  }

  public ServerConfig withDataDirectory(Path newDataDirectory) {
    return new ServerConfig(
        bindHost,
        port,
        newDataDirectory,
        pluginsDirectory,
        defaultTimeout,
        defaultMaxInFlight,
        defaultGracefulStop,
        adminPassword,
        jwtSecret);
  }

  public ServerConfig withPluginsDirectory(Path newPluginsDirectory) {
    return new ServerConfig(
        bindHost,
        port,
        dataDirectory,
        newPluginsDirectory,
        defaultTimeout,
        defaultMaxInFlight,
        defaultGracefulStop,
        adminPassword,
        jwtSecret);
  }

  /** The engine defaults for plans that leave them out. */
  public ServerConfig withEngineDefaults(
      Duration newDefaultTimeout, int newDefaultMaxInFlight, Duration newDefaultGracefulStop) {
    return new ServerConfig(
        bindHost,
        port,
        dataDirectory,
        pluginsDirectory,
        newDefaultTimeout,
        newDefaultMaxInFlight,
        newDefaultGracefulStop,
        adminPassword,
        jwtSecret);
  }

  /** The first admin's password and the JWT secret; null means generate. */
  public ServerConfig withSecrets(String newAdminPassword, String newJwtSecret) {
    return new ServerConfig(
        bindHost,
        port,
        dataDirectory,
        pluginsDirectory,
        defaultTimeout,
        defaultMaxInFlight,
        defaultGracefulStop,
        newAdminPassword,
        newJwtSecret);
  }

  /** Shows every setting but the secrets, which are only said to be set or not. */
  @Override
  public String toString() {
    return "ServerConfig[bindHost="
        + bindHost
        + ", port="
        + port
        + ", dataDirectory="
        + dataDirectory
        + ", pluginsDirectory="
        + pluginsDirectory
        + ", defaultTimeout="
        + defaultTimeout
        + ", defaultMaxInFlight="
        + defaultMaxInFlight
        + ", defaultGracefulStop="
        + defaultGracefulStop
        + ", adminPassword="
        + (adminPassword == null ? "generated" : "set")
        + ", jwtSecret="
        + (jwtSecret == null ? "generated" : "set")
        + "]";
  }

  private static int parsePort(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException(
          ENV_PORT + " must be a port number between 0 and 65535, was '" + text + "'");
    }
  }

  private static String nonBlank(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
