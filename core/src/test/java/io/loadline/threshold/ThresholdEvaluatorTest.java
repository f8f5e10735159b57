package io.loadline.threshold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.engine.CheckSummary;
import io.loadline.engine.LatencyStatistics;
import io.loadline.engine.LatencySummary;
import io.loadline.engine.RunHistograms;
import io.loadline.engine.RunSummary;
import io.loadline.engine.ScenarioSummary;
import io.loadline.engine.StepSummary;
import io.loadline.engine.metrics.LatencyHistograms;
import io.loadline.spi.ConfigProblem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Verdicts from known figures: the summary's statistics, no data, baselines and aborts. */
class ThresholdEvaluatorTest {

  private static final Map<String, List<String>> STEPS =
      Map.of("browse", List.of("home", "search"), "buy", List.of("pay"));

  /** Ten samples of 1..10 ms on browse/home; browse/search and buy/pay have none. */
  private final Histogram home = histogramOfMillis(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

  /** The same ten requests' service times: 1, 3, .. 19 ms, so that the two cannot be mixed up. */
  private final Histogram homeService = histogramOfMillis(1, 3, 5, 7, 9, 11, 13, 15, 17, 19);

  private final RunHistograms histograms =
      new RunHistograms(
          List.of(
              new RunHistograms.ScenarioHistograms(
                  "browse",
                  List.of(
                      new RunHistograms.StepHistograms("home", home, homeService),
                      new RunHistograms.StepHistograms(
                          "search", LatencyHistograms.newHistogram(), empty()))),
              new RunHistograms.ScenarioHistograms(
                  "buy", List.of(new RunHistograms.StepHistograms("pay", empty(), empty())))));

  private final RunSummary summary = summary();

  @Test
  void p90OfTenSamplesOfOneToTenMillisIsNineAsInTheSummary() {
    List<ThresholdResult> results = evaluate("p90 <= 9ms", "p90 < 9ms");

    assertEquals(9.0, results.get(0).observed());
    assertEquals(summary.scenarios().getFirst().latency().p90Millis(), results.get(0).observed());
    assertTrue(results.get(0).passed());
    assertFalse(results.get(1).passed());
    assertNull(results.get(1).detail());
    assertEquals("ms", results.get(0).unit());
  }

  @Test
  void serviceTimeThresholdsReadTheServiceTimeHistogramsNotTheCorrectedLatency() {
    List<ThresholdResult> results =
        evaluate(
            "service_p95 < 20ms",
            "service_p95 < 19ms",
            "{threshold: service_max <= 19ms, step: home}",
            "service_min == 1ms",
            "p95 < 11ms");

    assertEquals(19.0, results.get(0).observed(), "the 10th of 1, 3, .. 19 ms");
    assertEquals("service_p95", results.get(0).metric());
    assertEquals("ms", results.get(0).unit());
    assertTrue(results.get(0).passed());
    assertFalse(results.get(1).passed());
    assertEquals(19.0, results.get(2).observed());
    assertTrue(results.get(2).passed());
    assertTrue(results.get(3).passed());
    assertEquals(10.0, results.get(4).observed(), "the corrected latency's p95 is 10 ms");
  }

  @Test
  void withoutHistogramsAServiceTimeThresholdReadsTheSummarysServiceTime() {
    ThresholdResult onBrowse =
        new ThresholdEvaluator(
                List.of(rule("{threshold: service_p90 < 17ms, scenario: browse}")),
                ThresholdEvaluator.NO_BASELINE)
            .evaluate(summary, RunHistograms.EMPTY)
            .getFirst();

    assertEquals(17.0, onBrowse.observed());
    assertEquals(summary.scenarios().getFirst().serviceTime().p90Millis(), onBrowse.observed());
    assertFalse(onBrowse.passed());
  }

  @Test
  void errorRateRpsAndDroppedFollowTheSummaryCounts() {
    List<ThresholdResult> results =
        evaluate("error_rate < 20%", "error_rate < 10%", "rps >= 6", "dropped == 0");

    assertEquals(100.0 * 2 / 12, results.get(0).observed(), 1e-9);
    assertTrue(results.get(0).passed());
    assertFalse(results.get(1).passed());
    assertEquals(6.0, results.get(2).observed(), "12 requests over 2 s");
    assertTrue(results.get(2).passed());
    assertEquals(1.0, results.get(3).observed());
    assertFalse(results.get(3).passed());
  }

  @Test
  void aRunWhoseEveryRequestFailedHasAnErrorRateOfOneHundredPercent() {
    StepSummary notFound =
        new StepSummary(
            "home",
            20,
            0,
            20,
            Map.of("client_error", 20L),
            summary.scenarios().getFirst().latency(),
            summary.scenarios().getFirst().latency());
    ScenarioSummary browse =
        new ScenarioSummary(
            "browse",
            20,
            0,
            20,
            0,
            20,
            Map.of("client_error", 20L),
            0,
            20.0,
            0.0,
            notFound.latency(),
            notFound.serviceTime(),
            LatencySummary.EMPTY,
            List.of(notFound));
    RunSummary allNotFound = new RunSummary(1.0, List.of(browse));

    ThresholdResult result =
        new ThresholdEvaluator(List.of(rule("error_rate < 1%")), ThresholdEvaluator.NO_BASELINE)
            .evaluate(allNotFound, RunHistograms.EMPTY)
            .getFirst();

    assertEquals(100.0, result.observed());
    assertFalse(result.passed());
  }

  @Test
  void aScopeWithoutSamplesFailsWithNoData() {
    Threshold onSearch = rule("{threshold: p95 < 1h, step: search}");
    Threshold checks = rule("checks > 0%");
    ThresholdEvaluator evaluator =
        new ThresholdEvaluator(List.of(onSearch, checks), ThresholdEvaluator.NO_BASELINE);

    List<ThresholdResult> results = evaluator.evaluate(summary, histograms);

    for (ThresholdResult result : results) {
      assertFalse(result.passed(), result.toString());
      assertNull(result.observed());
      assertEquals("no data", result.detail());
      assertEquals("failed (no data)", result.verdict());
    }
  }

  @Test
  void aChecksThresholdIsThePassedShareOfEveryEvaluatedCheckInScope() {
    LatencySummary latency = LatencyStatistics.summarize(home);
    StepSummary checked =
        new StepSummary(
            "home",
            10,
            10,
            0,
            Map.of(),
            latency,
            latency,
            List.of(
                new CheckSummary("home", "status in [200]", 9, 1),
                new CheckSummary("home", "body contains ok", 10, 0)),
            List.of());
    ScenarioSummary browse =
        new ScenarioSummary(
            "browse",
            10,
            0,
            10,
            10,
            0,
            Map.of(),
            0,
            5.0,
            5.0,
            latency,
            latency,
            LatencySummary.EMPTY,
            List.of(checked));
    RunSummary withChecks = new RunSummary(2.0, List.of(browse));

    List<ThresholdResult> results =
        new ThresholdEvaluator(
                List.of(rule("checks > 99%"), rule("checks >= 95%")),
                ThresholdEvaluator.NO_BASELINE)
            .evaluate(withChecks, histograms);

    assertEquals(95.0, results.get(0).observed(), 1e-9, "19 of 20 checks passed");
    assertFalse(results.get(0).passed());
    assertTrue(results.get(1).passed());
  }

  @Test
  void baselineRulesCompareWithTheBaselineFiguresAndFailWithoutOne() {
    Threshold relative = rule("p90 < baseline * 1.1");
    ThresholdEvaluator.Baseline eightMillis = threshold -> Optional.of(8.0);

    ThresholdResult withBaseline =
        new ThresholdEvaluator(List.of(relative), eightMillis)
            .evaluate(summary, histograms)
            .getFirst();
    ThresholdResult withoutBaseline =
        new ThresholdEvaluator(List.of(relative), ThresholdEvaluator.NO_BASELINE)
            .evaluate(summary, histograms)
            .getFirst();

    assertEquals(8.8, withBaseline.limit(), 1e-9);
    assertFalse(withBaseline.passed(), "9 ms is above 8.8 ms");
    assertFalse(withoutBaseline.passed());
    assertEquals("no baseline", withoutBaseline.detail());
  }

  @Test
  void onlyAnAbortOnFailBreachWithDataPastItsDelayAbortsARun() {
    Threshold delayed = rule("{threshold: p90 < 5ms, abortOnFail: true, delayAbortEval: 3s}");
    Threshold noData = rule("{threshold: p90 < 5ms, step: search, abortOnFail: true}");
    Threshold notAborting = rule("p90 < 5ms");
    ThresholdEvaluator evaluator =
        new ThresholdEvaluator(
            List.of(notAborting, noData, delayed), ThresholdEvaluator.NO_BASELINE);
    List<ThresholdResult> live = evaluator.evaluate(summary, histograms);

    assertTrue(evaluator.abortingBreach(live, 2.0).isEmpty());
    assertEquals("thresholds[0]", evaluator.abortingBreach(live, 3.0).orElseThrow().path());
  }

  private List<ThresholdResult> evaluate(String... rules) {
    List<Threshold> thresholds = java.util.Arrays.stream(rules).map(this::rule).toList();
    return new ThresholdEvaluator(thresholds, ThresholdEvaluator.NO_BASELINE)
        .evaluate(summary, histograms);
  }

  private Threshold rule(String yaml) {
    ThresholdReader reader = new ThresholdReader(STEPS);
    List<Threshold> read;
    try {
      read =
          reader.read(
              new com.fasterxml.jackson.databind.ObjectMapper(
                      new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                  .readTree("- " + yaml),
              "thresholds");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertEquals(List.<ConfigProblem>of(), reader.problems());
    return read.getFirst();
  }

  private RunSummary summary() {
    LatencySummary homeLatency = LatencyStatistics.summarize(home);
    LatencySummary homeServiceTime = LatencyStatistics.summarize(homeService);
    StepSummary homeStep =
        new StepSummary("home", 10, 8, 2, Map.of("http_5xx", 2L), homeLatency, homeServiceTime);
    StepSummary search =
        new StepSummary("search", 0, 0, 0, Map.of(), LatencySummary.EMPTY, LatencySummary.EMPTY);
    StepSummary pay =
        new StepSummary("pay", 2, 2, 0, Map.of(), LatencySummary.EMPTY, LatencySummary.EMPTY);
    ScenarioSummary browse =
        new ScenarioSummary(
            "browse",
            11,
            1,
            10,
            8,
            2,
            Map.of("http_5xx", 2L),
            0,
            5.5,
            4.0,
            homeLatency,
            homeServiceTime,
            LatencySummary.EMPTY,
            List.of(homeStep, search));
    ScenarioSummary buy =
        new ScenarioSummary(
            "buy",
            2,
            0,
            2,
            2,
            0,
            Map.of(),
            0,
            1.0,
            1.0,
            LatencySummary.EMPTY,
            LatencySummary.EMPTY,
            LatencySummary.EMPTY,
            List.of(pay));
    return new RunSummary(2.0, List.of(browse, buy));
  }

  private static Histogram empty() {
    return LatencyHistograms.newHistogram();
  }

  private static Histogram histogramOfMillis(long... millis) {
    Histogram histogram = LatencyHistograms.newHistogram();
    for (long value : millis) {
      histogram.recordValue(value * 1000);
    }
    return histogram;
  }
}
