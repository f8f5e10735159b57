package io.loadline.threshold;

import io.loadline.engine.CheckSummary;
import io.loadline.engine.LatencyStatistics;
import io.loadline.engine.LatencySummary;
import io.loadline.engine.RunHistograms;
import io.loadline.engine.RunSummary;
import io.loadline.engine.ScenarioSummary;
import io.loadline.engine.StepSummary;
import io.loadline.engine.metrics.LatencyHistograms;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Reads one threshold's metric over its scope from a run's summary and histograms, with the
 * summary's own definitions: latency percentiles come from the merged corrected-latency histograms
 * of the scope (service-time percentiles from the service-time ones) through {@link
 * LatencyStatistics}, so a threshold and the summary never disagree. Stateless and thread-safe.
 *
 * <p>When no histograms are given (a stored run from before they were kept), a scenario or step
 * scope reads its summary's figures; a whole-run latency over several scenarios then has no data.
 */
public final class ThresholdObserver {

  private ThresholdObserver() {}

  /** The metric's value in its reporting unit, or null when the scope had no samples. */
  public static Double observe(Threshold threshold, RunSummary summary, RunHistograms histograms) {
    if (summary == null) {
      return null;
    }
    List<ScenarioSummary> scenarios = scenariosInScope(threshold, summary);
    return switch (threshold.metric().kind()) {
      case LATENCY -> latency(threshold, scenarios, histograms);
      case PERCENTAGE -> percentage(threshold, scenarios);
      case RATE -> rate(threshold, scenarios, summary.elapsedSeconds());
      case COUNT -> dropped(scenarios);
    };
  }

  private static List<ScenarioSummary> scenariosInScope(Threshold threshold, RunSummary summary) {
    if (threshold.scenario() == null) {
      return summary.scenarios();
    }
    return summary.scenarios().stream()
        .filter(scenario -> scenario.name().equals(threshold.scenario()))
        .toList();
  }

  private static List<StepSummary> stepsInScope(Threshold threshold, ScenarioSummary scenario) {
    if (threshold.step() == null) {
      return scenario.steps();
    }
    return scenario.steps().stream().filter(step -> step.name().equals(threshold.step())).toList();
  }

  private static Double latency(
      Threshold threshold, List<ScenarioSummary> scenarios, RunHistograms histograms) {
    if (histograms == null || histograms.isEmpty()) {
      return pick(threshold.metric(), latencyFromSummaries(threshold, scenarios));
    }
    Histogram merged = LatencyHistograms.newHistogram();
    for (ScenarioSummary scenario : scenarios) {
      histograms
          .scenario(scenario.name())
          .ifPresent(
              found ->
                  found.steps().stream()
                      .filter(
                          step -> threshold.step() == null || step.step().equals(threshold.step()))
                      .forEach(step -> merged.add(histogramOf(threshold.metric(), step))));
    }
    return pick(threshold.metric(), LatencyStatistics.summarize(merged));
  }

  /** The step's histogram that the metric reads; a missing one is an empty histogram. */
  private static Histogram histogramOf(ThresholdMetric metric, RunHistograms.StepHistograms step) {
    Histogram histogram = metric.serviceTime() ? step.serviceTime() : step.latency();
    return histogram == null ? LatencyHistograms.newHistogram() : histogram;
  }

  private static LatencySummary latencyFromSummaries(
      Threshold threshold, List<ScenarioSummary> scenarios) {
    if (scenarios.size() != 1) {
      return LatencySummary.EMPTY;
    }
    ScenarioSummary scenario = scenarios.get(0);
    boolean serviceTime = threshold.metric().serviceTime();
    if (threshold.step() == null) {
      return serviceTime ? scenario.serviceTime() : scenario.latency();
    }
    List<StepSummary> steps = stepsInScope(threshold, scenario);
    if (steps.isEmpty()) {
      return LatencySummary.EMPTY;
    }
    return serviceTime ? steps.get(0).serviceTime() : steps.get(0).latency();
  }

  private static Double pick(ThresholdMetric metric, LatencySummary latency) {
    if (latency == null || latency.count() == 0) {
      return null;
    }
    return switch (metric.statistic()) {
      case MIN -> latency.minMillis();
      case MEAN -> latency.meanMillis();
      case P50 -> latency.p50Millis();
      case P90 -> latency.p90Millis();
      case P95 -> latency.p95Millis();
      case P99 -> latency.p99Millis();
      case MAX -> latency.maxMillis();
      default -> throw new IllegalArgumentException(metric + " is not a latency metric");
    };
  }

  private static Double percentage(Threshold threshold, List<ScenarioSummary> scenarios) {
    if (threshold.metric() == ThresholdMetric.CHECKS) {
      return passedChecks(threshold, scenarios);
    }
    long[] counts = requestsAndFailures(threshold, scenarios);
    return counts[0] == 0 ? null : counts[1] * 100.0 / counts[0];
  }

  private static Double rate(
      Threshold threshold, List<ScenarioSummary> scenarios, double elapsedSeconds) {
    long requests = requestsAndFailures(threshold, scenarios)[0];
    return requests == 0 || elapsedSeconds <= 0 ? null : requests / elapsedSeconds;
  }

  private static Double dropped(List<ScenarioSummary> scenarios) {
    long arrivals = 0;
    long dropped = 0;
    for (ScenarioSummary scenario : scenarios) {
      arrivals += scenario.arrivals();
      dropped += scenario.dropped();
    }
    return arrivals == 0 ? null : (double) dropped;
  }

  /** Passed checks as a percentage of evaluated checks in scope; null when none was evaluated. */
  private static Double passedChecks(Threshold threshold, List<ScenarioSummary> scenarios) {
    long passes = 0;
    long evaluated = 0;
    for (ScenarioSummary scenario : scenarios) {
      for (StepSummary step : stepsInScope(threshold, scenario)) {
        for (CheckSummary check : step.checks()) {
          passes += check.passes();
          evaluated += check.passes() + check.failures();
        }
      }
    }
    return evaluated == 0 ? null : passes * 100.0 / evaluated;
  }

  /** Ended requests and failures over the scope. */
  private static long[] requestsAndFailures(Threshold threshold, List<ScenarioSummary> scenarios) {
    long[] counts = new long[2];
    for (ScenarioSummary scenario : scenarios) {
      List<StepSummary> steps = new ArrayList<>(stepsInScope(threshold, scenario));
      for (StepSummary step : steps) {
        counts[0] += step.requests();
        counts[1] += step.failures();
      }
    }
    return counts;
  }
}
