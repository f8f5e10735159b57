package io.loadline.spi;

/** The three kinds of plugin the engine takes; the closed set is part of the stable API. */
public enum PluginKind {
  RATE_MODEL("rate-model"),
  PROTOCOL("protocol"),
  FEEDER("feeder");

  private final String label;

  PluginKind(String label) {
    this.label = label;
  }

  /** The name used in logs, the API and the dashboard, such as {@code rate-model}. */
  public String label() {
    return label;
  }
}
