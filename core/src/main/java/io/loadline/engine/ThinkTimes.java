package io.loadline.engine;

import io.loadline.plan.ThinkTime;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Pauses an iteration for a think-time step on the run's timer, without holding a thread, then
 * hands it back to its scenario. Stateless.
 *
 * <p>A pause still running when the run ends keeps its iteration in flight (the graceful stop waits
 * for it); if the graceful stop runs out first, the iteration counts among the interrupted
 * iterations, but it had no request out, so none of its requests counts as interrupted. An
 * iteration abandoned on a ramp-down cancels its pause (see {@link ScenarioRun#abandon}), so its
 * user retires then rather than when the pause would have ended.
 */
final class ThinkTimes {

  private ThinkTimes() {}

  static void pause(
      ScenarioRun scenario, EngineRun run, ThinkTime think, int stepIndex, Iteration iteration) {
    long pauseNanos = think.sampleNanos(iteration.random());
    try {
      iteration.setPause(
          run.timers()
              .schedule(
                  () -> scenario.onThinkEnded(stepIndex, iteration),
                  pauseNanos,
                  TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      // The run is ending; its end abandons whatever is still in flight.
    }
  }
}
