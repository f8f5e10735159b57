package io.loadline.pluginhost;

import io.loadline.LoadlineException;

/** Two plugins with the same kind and id: a start-up error that names both sources. */
public final class DuplicatePluginException extends LoadlineException {

  public DuplicatePluginException(PluginDescriptor first, PluginDescriptor second) {
    super(
        "Two "
            + first.kind().label()
            + " plugins have the id '"
            + first.id()
            + "': "
            + first.factory().getClass().getName()
            + " from "
            + first.source()
            + " and "
            + second.factory().getClass().getName()
            + " from "
            + second.source()
            + ". Loadline did not start; remove one of the jars from the plugins directory.");
  }
}
