package io.loadline.plugins.http;

import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PluginOption;
import io.loadline.spi.Protocol;
import io.loadline.spi.ProtocolFactory;
import java.util.List;

/**
 * The {@code http} protocol: HTTP/1.1 (or, with {@code version: 2}, HTTP/2) requests over one
 * shared Jetty {@code HttpClient} per run. Stateless and thread-safe; see {@link
 * HttpClientSettings} for the run-level settings and {@link HttpProtocol#prepare} for a step's.
 */
public final class HttpProtocolFactory implements ProtocolFactory {

  @Override
  public String id() {
    return "http";
  }

  @Override
  public String description() {
    return "HTTP/1.1 or HTTP/2 requests (GET, POST, ...) with {{variable}} templating, on Jetty's"
        + " client.";
  }

  /** The run-level settings; a step's request settings are read by {@link HttpProtocol#prepare}. */
  @Override
  public List<PluginOption> options() {
    return HttpClientSettings.OPTIONS;
  }

  @Override
  public Protocol create(PluginConfig config) throws InvalidConfigException {
    HttpClientSettings settings = HttpClientSettings.read(config);
    config.throwIfInvalid();
    return new HttpProtocol(settings);
  }
}
