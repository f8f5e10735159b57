package io.loadline.spi;

/**
 * Finds and builds protocols. {@link #create} receives the run-level protocol settings (connection
 * pool, timeouts) and returns one {@link Protocol} that the engine shares by every virtual user of
 * one run.
 */
public interface ProtocolFactory extends PluginFactory<Protocol> {

  @Override
  default PluginKind kind() {
    return PluginKind.PROTOCOL;
  }
}
