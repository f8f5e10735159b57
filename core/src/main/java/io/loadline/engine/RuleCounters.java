package io.loadline.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of one step's checks and extractions in one run. Lock-free writes from any thread;
 * reads are sums, exact once writers have stopped.
 */
final class RuleCounters {

  private final String step;
  private final List<String> checkNames;
  private final List<String[]> extractionNames;
  private final LongAdder[] checkPasses;
  private final LongAdder[] checkFailures;
  private final LongAdder[] extractionSuccesses;
  private final LongAdder[] extractionDefaults;
  private final LongAdder[] extractionFailures;
  private final AtomicBoolean[] extractionWarned;

  /**
   * @param extractionNames per extraction, its variable and its expression
   */
  RuleCounters(String step, List<String> checkNames, List<String[]> extractionNames) {
    this.step = step;
    this.checkNames = List.copyOf(checkNames);
    this.extractionNames = List.copyOf(extractionNames);
    this.checkPasses = adders(checkNames.size());
    this.checkFailures = adders(checkNames.size());
    this.extractionSuccesses = adders(extractionNames.size());
    this.extractionDefaults = adders(extractionNames.size());
    this.extractionFailures = adders(extractionNames.size());
    this.extractionWarned = new AtomicBoolean[extractionNames.size()];
    for (int i = 0; i < extractionWarned.length; i++) {
      extractionWarned[i] = new AtomicBoolean();
    }
  }

  void recordCheck(int index, boolean passed) {
    (passed ? checkPasses : checkFailures)[index].increment();
  }

  void recordExtractionSuccess(int index) {
    extractionSuccesses[index].increment();
  }

  void recordExtractionDefault(int index) {
    extractionDefaults[index].increment();
  }

  /** Counts a failure; true the first time, so the caller warns once per extraction. */
  boolean recordExtractionFailure(int index) {
    extractionFailures[index].increment();
    return extractionWarned[index].compareAndSet(false, true);
  }

  List<CheckSummary> checks() {
    List<CheckSummary> checks = new ArrayList<>(checkNames.size());
    for (int i = 0; i < checkNames.size(); i++) {
      checks.add(
          new CheckSummary(step, checkNames.get(i), checkPasses[i].sum(), checkFailures[i].sum()));
    }
    return checks;
  }

  List<ExtractionSummary> extractions() {
    List<ExtractionSummary> extractions = new ArrayList<>(extractionNames.size());
    for (int i = 0; i < extractionNames.size(); i++) {
      extractions.add(
          new ExtractionSummary(
              step,
              extractionNames.get(i)[0],
              extractionNames.get(i)[1],
              extractionSuccesses[i].sum(),
              extractionDefaults[i].sum(),
              extractionFailures[i].sum()));
    }
    return extractions;
  }

  private static LongAdder[] adders(int count) {
    LongAdder[] adders = new LongAdder[count];
    for (int i = 0; i < count; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }
}
