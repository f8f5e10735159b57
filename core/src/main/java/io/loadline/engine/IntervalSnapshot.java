package io.loadline.engine;

import java.time.Instant;
import java.util.List;

/**
 * What happened during one 1 s interval of a run, per scenario. Immutable.
 *
 * @param second the interval's index from the run's start: 0 covers [0 s, 1 s)
 * @param endedAt the wall-clock end of the interval
 */
public record IntervalSnapshot(long second, Instant endedAt, List<ScenarioInterval> scenarios) {

  public IntervalSnapshot {
    scenarios = List.copyOf(scenarios);
  }
}
