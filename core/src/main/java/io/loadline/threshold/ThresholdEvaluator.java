package io.loadline.threshold;

import io.loadline.engine.RunHistograms;
import io.loadline.engine.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Judges a plan's thresholds against a run's figures: live, once a second, to find a breach that
 * must abort the run, and at the end for the verdicts kept on the run. No data is never a pass.
 * Immutable and thread-safe.
 */
public final class ThresholdEvaluator {

  /** A baseline that does not exist: every baseline-relative rule fails with no baseline. */
  public static final Baseline NO_BASELINE = threshold -> Optional.empty();

  /**
   * The plan's baseline run's value of a threshold's metric over its scope, in the metric's unit;
   * empty when there is no baseline run or it had no data there.
   */
  @FunctionalInterface
  public interface Baseline {
    Optional<Double> observed(Threshold threshold);

    /** The baseline that a stored run's figures give. */
    static Baseline of(RunSummary summary, RunHistograms histograms) {
      return threshold ->
          Optional.ofNullable(ThresholdObserver.observe(threshold, summary, histograms));
    }
  }

  private final List<Threshold> thresholds;
  private final Baseline baseline;

  public ThresholdEvaluator(List<Threshold> thresholds, Baseline baseline) {
    this.thresholds = List.copyOf(thresholds);
    this.baseline = Objects.requireNonNull(baseline, "baseline");
  }

  public List<Threshold> thresholds() {
    return thresholds;
  }

  public boolean isEmpty() {
    return thresholds.isEmpty();
  }

  /** Every threshold's verdict against the figures, in plan order. */
  public List<ThresholdResult> evaluate(RunSummary summary, RunHistograms histograms) {
    List<ThresholdResult> results = new ArrayList<>(thresholds.size());
    for (Threshold threshold : thresholds) {
      results.add(judge(threshold, ThresholdObserver.observe(threshold, summary, histograms)));
    }
    return results;
  }

  /**
   * The first abort-on-fail threshold that a live run breaches with data, once its delay has
   * passed; a threshold without data yet never aborts a run.
   *
   * @param live verdicts from {@link #evaluate}, in plan order
   * @param elapsedSeconds the run's time so far
   */
  public Optional<ThresholdResult> abortingBreach(
      List<ThresholdResult> live, double elapsedSeconds) {
    for (int index = 0; index < live.size() && index < thresholds.size(); index++) {
      Threshold threshold = thresholds.get(index);
      ThresholdResult result = live.get(index);
      boolean delayPassed = elapsedSeconds * 1000 >= threshold.delayAbortEval().toMillis();
      if (threshold.abortOnFail()
          && delayPassed
          && !result.passed()
          && result.observed() != null
          && result.limit() != null) {
        return Optional.of(result);
      }
    }
    return Optional.empty();
  }

  /** Whether every verdict passed; true for none. */
  public static boolean allPassed(List<ThresholdResult> results) {
    return results.stream().allMatch(ThresholdResult::passed);
  }

  private ThresholdResult judge(Threshold threshold, Double observed) {
    Double limit = limitOf(threshold);
    String detail = null;
    boolean passed = false;
    if (observed == null) {
      detail = ThresholdResult.NO_DATA;
    } else if (limit == null) {
      detail = ThresholdResult.NO_BASELINE;
    } else {
      passed = threshold.operator().holds(observed, limit);
    }
    return new ThresholdResult(
        threshold.expression(),
        threshold.path(),
        threshold.scenario(),
        threshold.step(),
        threshold.metric().label(),
        threshold.metric().kind().unit(),
        threshold.abortOnFail(),
        observed,
        limit,
        passed,
        detail);
  }

  private Double limitOf(Threshold threshold) {
    return switch (threshold.limit()) {
      case ThresholdLimit.Fixed fixed -> fixed.value();
      case ThresholdLimit.RelativeToBaseline relative ->
          baseline.observed(threshold).map(value -> value * relative.factor()).orElse(null);
    };
  }
}
