package io.loadline.engine;

import io.loadline.plan.ThinkTime;
import io.loadline.spi.PreparedStep;
import java.time.Duration;

/**
 * One step ready to run: its protocol-prepared request, its resolved timeout and the checks and
 * extractions applied to its response. Immutable.
 *
 * @param prepared the protocol's request, or null for a think-time step
 * @param think the pause of a think-time step, else null
 * @param timeout the step's own {@code request.timeout}, else the plan's, else the engine default
 */
record CompiledStep(
    String name, PreparedStep prepared, Duration timeout, StepRules rules, ThinkTime think) {

  /** A step without checks or extractions. */
  CompiledStep(String name, PreparedStep prepared, Duration timeout) {
    this(name, prepared, timeout, StepRules.NONE, null);
  }
}
