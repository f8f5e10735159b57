package io.loadline.web.cli;

import ch.qos.logback.classic.Level;
import io.loadline.pluginhost.PluginHost;
import io.loadline.pluginhost.PluginRegistry;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugin discovery for one-shot commands such as {@code import}: the discovery's INFO lines (one
 * per plugin, a dozen and more) belong in a server's log, not on the stderr of a command whose
 * output someone reads; its warnings still show. The level is put back afterwards. Not thread-safe:
 * meant for a command's single thread.
 */
final class QuietPluginDiscovery {

  private QuietPluginDiscovery() {}

  /** {@link PluginHost#discover} with its log at WARN while it runs. */
  static PluginRegistry discover(ClassLoader parent, Path pluginsDirectory) {
    Logger logger = LoggerFactory.getLogger(PluginHost.class);
    if (!(logger instanceof ch.qos.logback.classic.Logger logback)) {
      return PluginHost.discover(parent, pluginsDirectory);
    }
    Level before = logback.getLevel();
    logback.setLevel(Level.WARN);
    try {
      return PluginHost.discover(parent, pluginsDirectory);
    } finally {
      logback.setLevel(before);
    }
  }
}
