package io.loadline.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The server's or CLI's defaults for what a plan leaves out. Immutable.
 *
 * @param defaultTimeout per-request timeout when neither the step nor the plan sets one
 * @param defaultMaxInFlight cap on in-flight iterations per scenario when the plan sets none
 * @param defaultGracefulStop how long in-flight requests may finish after the end or a stop
 * @param dataDirectory where feeder files named in plans are read from; never outside it
 * @param targetGuard where a run may send requests its plan did not name (a redirect's target)
 */
public record EngineSettings(
    Duration defaultTimeout,
    int defaultMaxInFlight,
    Duration defaultGracefulStop,
    Path dataDirectory,
    TargetGuard targetGuard) {

  /** The timeout used when nothing else is configured. */
  public static final Duration FALLBACK_TIMEOUT = Duration.ofSeconds(30);

  /** The in-flight cap used when nothing else is configured. */
  public static final int FALLBACK_MAX_IN_FLIGHT = 10_000;

  /** The graceful stop used when nothing else is configured. */
  public static final Duration FALLBACK_GRACEFUL_STOP = Duration.ofSeconds(30);

  public EngineSettings {
    Objects.requireNonNull(defaultTimeout, "defaultTimeout");
    Objects.requireNonNull(defaultGracefulStop, "defaultGracefulStop");
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(targetGuard, "targetGuard");
    if (defaultMaxInFlight < 1) {
      throw new IllegalArgumentException("defaultMaxInFlight must be at least 1");
    }
  }

  /** Settings that let a run send anywhere its plan leads, as the headless CLI does. */
  public EngineSettings(
      Duration defaultTimeout,
      int defaultMaxInFlight,
      Duration defaultGracefulStop,
      Path dataDirectory) {
    this(
        defaultTimeout,
        defaultMaxInFlight,
        defaultGracefulStop,
        dataDirectory,
        TargetGuard.ALLOW_ALL);
  }

  /** These settings with {@code guard} checking the targets a run finds on its way. */
  public EngineSettings withTargetGuard(TargetGuard guard) {
    return new EngineSettings(
        defaultTimeout, defaultMaxInFlight, defaultGracefulStop, dataDirectory, guard);
  }

  /** The built-in defaults, reading feeder files from {@code dataDirectory}. */
  public static EngineSettings defaults(Path dataDirectory) {
    return new EngineSettings(
        FALLBACK_TIMEOUT, FALLBACK_MAX_IN_FLIGHT, FALLBACK_GRACEFUL_STOP, dataDirectory);
  }
}
