package io.loadline.web.ops;

import java.util.Map;

/**
 * Settings of the operations endpoints. Immutable.
 *
 * @param metricsScrapeToken the bearer token a Prometheus scraper sends to {@code /metrics}; null
 *     turns {@code /metrics} off (it answers 404 and says how to turn it on)
 */
public record OperationsSettings(String metricsScrapeToken) {

  /** The environment variable holding the scrape token. */
  public static final String ENV_METRICS_TOKEN = "LOADLINE_METRICS_TOKEN";

  /** The shortest scrape token accepted, so that it cannot be guessed. */
  public static final int MINIMUM_TOKEN_LENGTH = 16;

  public OperationsSettings {
    if (metricsScrapeToken != null && metricsScrapeToken.length() < MINIMUM_TOKEN_LENGTH) {
      throw new IllegalArgumentException(
          ENV_METRICS_TOKEN
              + " must be at least "
              + MINIMUM_TOKEN_LENGTH
              + " characters long; generate one with 'openssl rand -hex 24'.");
    }
  }

  /** {@code /metrics} off. */
  public static OperationsSettings defaults() {
    return new OperationsSettings(null);
  }

  /** The settings from {@code LOADLINE_METRICS_TOKEN}, when it is set and not blank. */
  public static OperationsSettings fromEnvironment(Map<String, String> environment) {
    String token = environment.get(ENV_METRICS_TOKEN);
    return new OperationsSettings(token == null || token.isBlank() ? null : token.strip());
  }

  public boolean metricsEnabled() {
    return metricsScrapeToken != null;
  }

  @Override
  public String toString() {
    return "OperationsSettings[metrics=" + (metricsEnabled() ? "token set" : "off") + "]";
  }
}
