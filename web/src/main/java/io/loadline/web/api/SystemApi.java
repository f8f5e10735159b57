package io.loadline.web.api;

import io.javalin.http.Context;
import io.loadline.pluginhost.PluginDescriptor;
import io.loadline.pluginhost.PluginRegistry;
import io.loadline.spi.PluginOption;
import io.loadline.web.auth.Access;
import io.loadline.web.http.RouteTable;
import java.util.List;
import java.util.Map;

/** The server's own routes: health (public) and the list of plugins (viewers). Thread-safe. */
public final class SystemApi {

  private final PluginRegistry plugins;

  public SystemApi(PluginRegistry plugins) {
    this.plugins = plugins;
  }

  public void addRoutes(RouteTable.Builder table) {
    table
        // The same answer as the top-level /health, so either address tells the same story.
        .get("/api/v1/health", Access.PUBLIC, ctx -> ctx.json(Map.of("status", "up")))
        .get("/api/v1/plugins", Access.VIEWER, this::listPlugins);
  }

  private void listPlugins(Context context) {
    context.json(plugins.plugins().stream().map(PluginJson::of).toList());
  }

  /**
   * One plugin as the API shows it. Immutable.
   *
   * @param kind {@code rate-model}, {@code protocol} or {@code feeder}
   * @param source the jar it came from, or {@code classpath}
   * @param options the settings the plugin reads, each with its type, whether it is required, its
   *     default ({@code null} when none) and a description; empty when it declares none
   */
  public record PluginJson(
      String kind,
      String id,
      String version,
      String source,
      String description,
      List<PluginOption> options) {

    public static PluginJson of(PluginDescriptor plugin) {
      return new PluginJson(
          plugin.kind().label(),
          plugin.id(),
          plugin.version(),
          plugin.source(),
          plugin.description(),
          List.copyOf(plugin.options()));
    }
  }
}
