package io.loadline.pluginhost;

import io.loadline.LoadlineException;

/**
 * A plugin that could not be loaded at start-up: an unreadable or broken jar, a services entry
 * naming a missing class, or a factory that breaks the SPI's rules. The message names the jar (or
 * the classpath) and says what to do; Loadline does not start.
 */
public final class PluginLoadException extends LoadlineException {

  public PluginLoadException(String message) {
    super(message);
  }

  public PluginLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
