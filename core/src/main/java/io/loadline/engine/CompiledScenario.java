package io.loadline.engine;

import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.Feeder;
import io.loadline.spi.Protocol;
import java.util.List;

/**
 * One scenario ready to run: its schedule, protocol (shared with other scenarios when their
 * settings are equal), feeder or null, steps (every request and think step, nested ones included,
 * in plan order), the variables every iteration starts with, the program that orders the steps and
 * the seed of its random draws, or null when they are unseeded. The protocol and feeder belong to
 * the {@link CompiledPlan} or, once started, to the run.
 */
record CompiledScenario(
    String name,
    ArrivalSchedule schedule,
    String protocolId,
    Protocol protocol,
    Feeder feeder,
    List<CompiledStep> steps,
    java.util.Map<String, String> variables,
    StepProgram program,
    Long seed) {

  /** A scenario whose steps run in order, once each. */
  CompiledScenario(
      String name,
      ArrivalSchedule schedule,
      String protocolId,
      Protocol protocol,
      Feeder feeder,
      List<CompiledStep> steps,
      java.util.Map<String, String> variables) {
    this(
        name,
        schedule,
        protocolId,
        protocol,
        feeder,
        steps,
        variables,
        new StepProgram(name, io.loadline.plan.FlowNode.sequence(steps.size())),
        null);
  }

  CompiledScenario {
    steps = List.copyOf(steps);
    variables = java.util.Map.copyOf(variables);
  }
}
