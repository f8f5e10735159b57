package io.loadline.spi;

/** Finds and builds rate models: the source of a scenario's intended arrival times. */
public interface RateModelFactory extends PluginFactory<ArrivalSchedule> {

  @Override
  default PluginKind kind() {
    return PluginKind.RATE_MODEL;
  }
}
