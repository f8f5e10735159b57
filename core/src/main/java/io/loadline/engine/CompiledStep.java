package io.loadline.engine;

import io.loadline.spi.PreparedStep;
import java.time.Duration;

/**
 * One step ready to run: its protocol-prepared request and its resolved timeout. Immutable.
 *
 * @param timeout the step's own {@code request.timeout}, else the plan's, else the engine default
 */
record CompiledStep(String name, PreparedStep prepared, Duration timeout) {}
