package io.loadline.spi;

/** Finds and builds feeders: sources of data records for virtual users. */
public interface FeederFactory extends PluginFactory<Feeder> {

  @Override
  default PluginKind kind() {
    return PluginKind.FEEDER;
  }
}
