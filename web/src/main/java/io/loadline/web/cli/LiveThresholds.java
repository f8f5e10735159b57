package io.loadline.web.cli;

import io.loadline.engine.IntervalSnapshot;
import io.loadline.engine.RunObserver;
import io.loadline.engine.RunSummary;
import io.loadline.engine.RunningTest;
import io.loadline.threshold.Threshold;
import io.loadline.threshold.ThresholdEvaluator;
import io.loadline.threshold.ThresholdResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * The headless run's live threshold check: after every interval, judges the thresholds on the live
 * figures and stops the run at the first abort-on-fail breach. Thread-safe: the engine's reporter
 * thread calls it, the command's thread reads {@link #aborted()} after the end.
 */
final class LiveThresholds implements RunObserver {

  private final ThresholdEvaluator evaluator;
  private final PrintWriter out;
  private volatile RunningTest running;
  private volatile boolean aborted;

  LiveThresholds(List<Threshold> thresholds, PrintWriter out) {
    this.evaluator = new ThresholdEvaluator(thresholds, ThresholdEvaluator.NO_BASELINE);
    this.out = out;
  }

  /** Starts checking the run; intervals reported before this call are not checked. */
  void watch(RunningTest test) {
    this.running = test;
  }

  ThresholdEvaluator evaluator() {
    return evaluator;
  }

  /** Whether an abort-on-fail breach stopped the run. */
  boolean aborted() {
    return aborted;
  }

  @Override
  public void onInterval(IntervalSnapshot snapshot) {
    RunningTest test = running;
    if (test == null || aborted || evaluator.isEmpty()) {
      return;
    }
    RunSummary summary = test.liveSummary();
    List<ThresholdResult> live = evaluator.evaluate(summary, test.cumulativeHistograms());
    Optional<ThresholdResult> breach = evaluator.abortingBreach(live, summary.elapsedSeconds());
    if (breach.isPresent()) {
      aborted = true;
      out.println(
          "Aborting: "
              + io.loadline.report.ThresholdTable.explain(breach.get())
              + " (abortOnFail)");
      out.flush();
      test.stop();
    }
  }
}
