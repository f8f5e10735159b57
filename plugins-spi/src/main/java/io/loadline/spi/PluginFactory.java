package io.loadline.spi;

import java.util.List;

/**
 * A plugin as {@link java.util.ServiceLoader} finds it: an id, a description and a validating
 * {@link #create} that turns configuration into the runtime object.
 *
 * <p>Implementations must have a public no-argument constructor and be thread-safe and stateless:
 * one factory instance serves every run of the process.
 *
 * @param <T> the runtime object this factory makes
 */
public interface PluginFactory<T> {

  /** The id plans use to name this plugin, such as {@code constant} or {@code http}. */
  String id();

  /** One sentence on what the plugin does, shown in the plugin list. */
  String description();

  /** The kind of plugin; fixed by the sub-interface. */
  PluginKind kind();

  /**
   * The plugin's version. By default the {@code Implementation-Version} of the jar's manifest, or
   * {@code "unknown"} when the jar has none.
   */
  default String version() {
    String version = getClass().getPackage().getImplementationVersion();
    return version == null ? "unknown" : version;
  }

  /**
   * The options {@link #create} reads, in the order a plan author would read about them, for the
   * plugin list of the API and the dashboard. By default none, so a plugin built before this method
   * existed still loads; a plugin should list every key it accepts, and no other.
   */
  default List<PluginOption> options() {
    return List.of();
  }

  /**
   * Validates the configuration and builds the runtime object. Implementations read every option
   * through {@code config}, which collects every problem, and call {@link
   * PluginConfig#throwIfInvalid()} before building anything, so a user sees all mistakes at once.
   *
   * @throws InvalidConfigException with every problem found, each with its field path
   */
  T create(PluginConfig config) throws InvalidConfigException;
}
