package io.loadline.engine;

import java.util.List;

/**
 * The totals of a whole run, so far or final. Immutable.
 *
 * @param elapsedSeconds seconds from the run's start to now (live) or to the end (final)
 */
public record RunSummary(double elapsedSeconds, List<ScenarioSummary> scenarios) {

  public RunSummary {
    scenarios = List.copyOf(scenarios);
  }
}
