package io.loadline.engine;

import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.Feeder;
import io.loadline.spi.Protocol;
import java.util.List;

/**
 * One scenario ready to run: its schedule, protocol (shared with other scenarios when their
 * settings are equal), feeder or null, steps, and the variables every iteration starts with. The
 * protocol and feeder belong to the {@link CompiledPlan} or, once started, to the run.
 */
record CompiledScenario(
    String name,
    ArrivalSchedule schedule,
    String protocolId,
    Protocol protocol,
    Feeder feeder,
    List<CompiledStep> steps,
    java.util.Map<String, String> variables) {

  CompiledScenario {
    steps = List.copyOf(steps);
    variables = java.util.Map.copyOf(variables);
  }
}
