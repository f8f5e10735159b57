package io.loadline.engine;

import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * Copies of a run's cumulative latency histograms, per scenario and step, in microseconds (the
 * shape of {@link io.loadline.engine.metrics.LatencyHistograms}). The histograms are fresh copies
 * owned by the receiver; do not share one between threads while it is written. Thresholds merge
 * them for a scope and summarise them with {@link LatencyStatistics}, and reports persist them.
 */
public record RunHistograms(List<ScenarioHistograms> scenarios) {

  /** No histograms: the engine that ran the test keeps none. */
  public static final RunHistograms EMPTY = new RunHistograms(List.of());

  public RunHistograms {
    scenarios = List.copyOf(scenarios);
  }

  /** One scenario's steps, in plan order. */
  public record ScenarioHistograms(String scenario, List<StepHistograms> steps) {

    public ScenarioHistograms {
      steps = List.copyOf(steps);
    }
  }

  /**
   * One step's histograms.
   *
   * @param latency from the intended start (corrected for coordinated omission)
   * @param serviceTime from the actual send
   */
  public record StepHistograms(String step, Histogram latency, Histogram serviceTime) {}

  /** The scenario's histograms, if the run has that scenario. */
  public Optional<ScenarioHistograms> scenario(String name) {
    return scenarios.stream().filter(s -> s.scenario().equals(name)).findFirst();
  }

  public boolean isEmpty() {
    return scenarios.isEmpty();
  }
}
