package io.loadline.pluginhost;

import io.loadline.spi.FeederFactory;
import io.loadline.spi.PluginFactory;
import io.loadline.spi.PluginKind;
import io.loadline.spi.ProtocolFactory;
import io.loadline.spi.RateModelFactory;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The plugins one server or CLI process found, looked up by kind and id. Immutable and thread-safe;
 * made by {@link PluginHost} at start-up and shared by every run.
 */
public final class PluginRegistry {

  private final List<PluginDescriptor> plugins;

  /**
   * A registry of the given plugins.
   *
   * @throws DuplicatePluginException when two plugins share a kind and id
   */
  public PluginRegistry(List<PluginDescriptor> plugins) {
    for (int i = 0; i < plugins.size(); i++) {
      for (int j = i + 1; j < plugins.size(); j++) {
        PluginDescriptor first = plugins.get(i);
        PluginDescriptor second = plugins.get(j);
        if (first.kind() == second.kind() && first.id().equals(second.id())) {
          throw new DuplicatePluginException(first, second);
        }
      }
    }
    this.plugins =
        plugins.stream()
            .sorted(
                Comparator.comparing(PluginDescriptor::kind).thenComparing(PluginDescriptor::id))
            .toList();
  }

  /** Every plugin, sorted by kind then id. */
  public List<PluginDescriptor> plugins() {
    return plugins;
  }

  public Optional<RateModelFactory> rateModel(String id) {
    return find(PluginKind.RATE_MODEL, id).map(RateModelFactory.class::cast);
  }

  public Optional<ProtocolFactory> protocol(String id) {
    return find(PluginKind.PROTOCOL, id).map(ProtocolFactory.class::cast);
  }

  public Optional<FeederFactory> feeder(String id) {
    return find(PluginKind.FEEDER, id).map(FeederFactory.class::cast);
  }

  /** The ids of every plugin of a kind, sorted; used in "unknown plugin" messages. */
  public List<String> ids(PluginKind kind) {
    return plugins.stream().filter(p -> p.kind() == kind).map(PluginDescriptor::id).toList();
  }

  private Optional<PluginFactory<?>> find(PluginKind kind, String id) {
    return plugins.stream()
        .filter(p -> p.kind() == kind && p.id().equals(id))
        .<PluginFactory<?>>map(PluginDescriptor::factory)
        .findFirst();
  }

  @Override
  public String toString() {
    return "PluginRegistry" + plugins.stream().map(p -> p.kind().label() + ":" + p.id()).toList();
  }
}
