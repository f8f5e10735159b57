package io.loadline.pluginhost;

import io.loadline.spi.PluginFactory;
import io.loadline.spi.PluginKind;
import io.loadline.spi.PluginOption;
import java.util.List;
import java.util.Objects;

/**
 * One discovered plugin: its factory and where it came from. Immutable.
 *
 * @param factory the plugin's factory
 * @param source where the factory was found: a jar file's path, or {@code classpath}
 */
public record PluginDescriptor(PluginFactory<?> factory, String source) {

  public PluginDescriptor {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(source, "source");
  }

  public PluginKind kind() {
    return factory.kind();
  }

  public String id() {
    return factory.id();
  }

  public String version() {
    return factory.version();
  }

  public String description() {
    return factory.description();
  }

  /** The options the plugin declares; the host checked at load that this list is well formed. */
  public List<PluginOption> options() {
    return factory.options();
  }
}
