package io.loadline.web.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks port options at the command line's edge, as usage errors (exit 2). Stateless. */
final class Ports {

  static final int HIGHEST_PORT = 65_535;

  private Ports() {}

  /**
   * Refuses a port outside 0..65535 with a usage error naming the option.
   *
   * @param port the option's value, or null when it was not given
   */
  static void check(CommandSpec spec, String option, Integer port) {
    if (port != null && (port < 0 || port > HIGHEST_PORT)) {
      throw new ParameterException(
          spec.commandLine(),
          option
              + " must be a port from 1 to "
              + HIGHEST_PORT
              + " (or 0 for a free one), not "
              + port
              + ".");
    }
  }
}
