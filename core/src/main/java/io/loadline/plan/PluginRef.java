package io.loadline.plan;

import io.loadline.spi.PluginConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A reference from a plan to a plugin: its id, where the reference stands in the plan, and the
 * settings to hand it. Immutable.
 *
 * @param id the plugin id, such as {@code constant}
 * @param path the field path of the settings, such as {@code scenarios[0].load}
 * @param settings the plugin's settings, without the key that named the plugin
 */
public record PluginRef(String id, String path, Map<String, Object> settings) {

  public PluginRef {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(path, "path");
    settings =
        settings == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
  }

  /** A fresh configuration for the plugin, resolving files against {@code dataDirectory}. */
  public PluginConfig toConfig(Path dataDirectory) {
    return PluginConfig.of(path, settings, dataDirectory);
  }
}
