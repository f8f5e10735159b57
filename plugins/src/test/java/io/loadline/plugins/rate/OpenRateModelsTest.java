package io.loadline.plugins.rate;

import static io.loadline.plugins.rate.Schedules.SECOND;
import static io.loadline.plugins.rate.Schedules.assertProblems;
import static io.loadline.plugins.rate.Schedules.countBetween;
import static io.loadline.plugins.rate.Schedules.create;
import static io.loadline.plugins.rate.Schedules.offsets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.ConfigProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OpenRateModelsTest {

  private final RampRateModelFactory ramp = new RampRateModelFactory();
  private final StepsRateModelFactory steps = new StepsRateModelFactory();
  private final SpikeRateModelFactory spike = new SpikeRateModelFactory();
  private final PoissonRateModelFactory poisson = new PoissonRateModelFactory();
  private final SineRateModelFactory sine = new SineRateModelFactory();

  @Test
  void aRampFromZeroToFiftyOverAHundredSecondsGivesTheAreaUnderIt() throws Exception {
    ArrivalSchedule schedule =
        create(ramp, Map.of("startRate", "0/s", "endRate", "50/s", "duration", "100s"));

    List<Long> offsets = offsets(schedule);

    assertEquals(2_500, offsets.size());
    assertEquals(2_500, schedule.expectedArrivals());
    assertEquals(25.0, schedule.plannedRatePerSecond(Duration.ofSeconds(50)), 1e-9);
    // The area to t is t^2 / 4: arrival n is at 2 sqrt(n) seconds, exactly.
    assertEquals(0L, offsets.get(0));
    assertEquals(2 * SECOND, offsets.get(1));
    assertEquals(20 * SECOND, offsets.get(100));
    assertEquals(Math.round(2 * Math.sqrt(2_499) * SECOND), offsets.get(2_499));
    assertEquals(625, countBetween(offsets, 0, 50 * SECOND), "a quarter in the first half");
  }

  @Test
  void aRampOfTenArrivalsOverFiveMinutesStartsOneByFifteenSecondsAndTheLastAfter270()
      throws Exception {
    // 0 to 4/m (1/15 per second) over 300 s: an area of exactly 10.
    ArrivalSchedule schedule = create(ramp, Map.of("endRate", "4/m", "duration", "300s"));

    List<Long> offsets = offsets(schedule);

    assertEquals(10, offsets.size(), offsets.toString());
    assertTrue(countBetween(offsets, 0, 15 * SECOND + 1) <= 1, offsets.toString());
    assertTrue(offsets.get(9) >= 270 * SECOND, offsets.toString());
    assertTrue(offsets.get(9) < 300 * SECOND, offsets.toString());

    // A rounded 0.0667/s is an area of 10.005: an 11th arrival, just before the end.
    List<Long> rounded = offsets(create(ramp, Map.of("endRate", "0.0667/s", "duration", "300s")));
    assertEquals(11, rounded.size());
    assertTrue(countBetween(rounded, 0, 15 * SECOND + 1) <= 1, rounded.toString());
    assertTrue(rounded.get(10) >= 270 * SECOND && rounded.get(10) < 300 * SECOND);
  }

  @Test
  void aFallingRampIsTheMirrorOfARisingOne() throws Exception {
    ArrivalSchedule falling =
        create(ramp, Map.of("startRate", "50/s", "endRate", "0/s", "duration", "100s"));

    List<Long> offsets = offsets(falling);

    assertEquals(2_500, offsets.size());
    assertEquals(1_875, countBetween(offsets, 0, 50 * SECOND));
    assertEquals(50.0, falling.plannedRatePerSecond(Duration.ZERO));
    // 50 t - t^2 / 4 = 1: the first gap is a little over 1/50 s, as the rate falls.
    assertEquals(Math.round(2 * SECOND / (50 + Math.sqrt(2_499))), offsets.get(1));
  }

  @Test
  void aSlowFlatRampSpreadsItsArrivalsOverTheWholePeriod() throws Exception {
    ArrivalSchedule schedule =
        create(ramp, Map.of("startRate", "0.4/s", "endRate", "0.4/s", "duration", "1800s"));

    List<Long> offsets = offsets(schedule);

    assertEquals(720, offsets.size());
    assertEquals(2_500_000_000L, offsets.get(1));
    assertTrue(offsets.get(719) >= 1795 * SECOND && offsets.get(719) < 1800 * SECOND);
  }

  @Test
  void aHighFlatRateIsNotRoundedToWholeMilliseconds() throws Exception {
    ArrivalSchedule schedule =
        create(ramp, Map.of("startRate", "1500/s", "endRate", "1500/s", "duration", "60s"));

    List<Long> offsets = offsets(schedule);

    assertEquals(90_000, offsets.size());
    assertEquals(666_667L, offsets.get(1), "2/3 ms, not 1 ms");
  }

  @Test
  void stepsHoldEachRatePauseAtZeroAndRampInFromThePreviousRate() throws Exception {
    List<Map<String, Object>> stages =
        List.of(
            Map.of("rate", "10/s", "duration", "10s"),
            Map.of("rate", 0, "duration", "5s"),
            Map.of("rate", "20/s", "duration", "10s", "rampIn", "4s"));
    ArrivalSchedule schedule = create(steps, Map.of("stages", stages));

    List<Long> offsets = offsets(schedule);

    // 10 * 10 + 0 + a ramp 0 -> 20 over 4 s (40) + 20 * 6 = 260.
    assertEquals(260, offsets.size());
    assertEquals(Duration.ofSeconds(25), schedule.duration());
    assertEquals(100, countBetween(offsets, 0, 10 * SECOND));
    assertEquals(0, countBetween(offsets, 10 * SECOND, 15 * SECOND), "the pause");
    assertEquals(40, countBetween(offsets, 15 * SECOND, 19 * SECOND), "the ramp-in");
    assertEquals(10.0, schedule.plannedRatePerSecond(Duration.ofSeconds(17)), 1e-9);
    assertEquals(20.0, schedule.plannedRatePerSecond(Duration.ofSeconds(24)), 1e-9);
    assertEquals(0.0, schedule.plannedRatePerSecond(Duration.ofSeconds(25)));
  }

  @Test
  void aSpikeBurstsToItsPeakForItsDurationAndReturnsToTheBase() throws Exception {
    Map<String, Object> settings =
        Map.of(
            "rate", "10/s",
            "peakRate", "100/s",
            "spikeAt", "10s",
            "spikeDuration", "5s",
            "duration", "30s");
    ArrivalSchedule schedule = create(spike, settings);

    List<Long> offsets = offsets(schedule);

    assertEquals(100 + 500 + 150, offsets.size());
    assertEquals(500, countBetween(offsets, 10 * SECOND, 15 * SECOND));
    assertEquals(100.0, schedule.plannedRatePerSecond(Duration.ofSeconds(12)));
    assertEquals(10.0, schedule.plannedRatePerSecond(Duration.ofSeconds(15)));
  }

  @Test
  void aSpikeOnAZeroBaseSendsOnlyDuringTheSpike() throws Exception {
    Map<String, Object> settings =
        Map.of(
            "rate", "0/s",
            "peakRate", "50/s",
            "spikeAt", "0s",
            "spikeDuration", "2s",
            "duration", "10s");

    List<Long> offsets = offsets(create(spike, settings));

    assertEquals(100, offsets.size());
    assertTrue(offsets.get(99) < 2 * SECOND);
  }

  @Test
  void poissonGapsAreExponentialAroundTheMeanAndRepeatableWithASeed() throws Exception {
    Map<String, Object> settings = Map.of("rate", "100/s", "duration", "60s", "seed", 42);
    ArrivalSchedule schedule = create(poisson, settings);

    List<Long> offsets = offsets(schedule);

    // 6,000 expected, standard deviation about 77: four deviations either way.
    assertEquals(6_000, schedule.expectedArrivals());
    assertTrue(Math.abs(offsets.size() - 6_000) < 310, "arrivals " + offsets.size());
    assertEquals(offsets, offsets(schedule), "every cursor gives the same offsets");
    assertEquals(offsets, offsets(create(poisson, settings)), "so does the same seed again");
    Map<String, Object> otherSeed = Map.of("rate", "100/s", "duration", "60s", "seed", "7");
    assertNotEquals(offsets, offsets(create(poisson, otherSeed)));

    // An exponential gap exceeds its mean with probability 1/e.
    long longGaps = 0;
    for (int i = 1; i < offsets.size(); i++) {
      assertTrue(offsets.get(i) >= offsets.get(i - 1), "ascending");
      longGaps += offsets.get(i) - offsets.get(i - 1) > SECOND / 100 ? 1 : 0;
    }
    double share = (double) longGaps / (offsets.size() - 1);
    assertEquals(Math.exp(-1), share, 0.03, "share of gaps above the mean");
  }

  @Test
  void anUnseededPoissonRunLogsItsDrawnSeedOnceAndThatSeedRepeatsItsOffsets() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(PoissonArrivalSchedule.class);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    logger.addAppender(captured);
    List<Long> drawnOffsets;
    PoissonArrivalSchedule drawn;
    try {
      drawn = (PoissonArrivalSchedule) create(poisson, Map.of("rate", "50/s", "duration", "10s"));
      assertEquals(List.of(), captured.list, "no cursor yet: a plan only checked logs nothing");

      drawnOffsets = offsets(drawn);
      offsets(drawn);
      offsets(create(poisson, Map.of("rate", "50/s", "duration", "10s", "seed", 3)));
    } finally {
      logger.detachAppender(captured);
    }

    assertEquals(1, captured.list.size(), "logged once, and not for a plan's own seed");
    ILoggingEvent line = captured.list.getFirst();
    assertEquals(Level.INFO, line.getLevel());
    Matcher seed =
        Pattern.compile("poisson: seed (-?[0-9]+) \\(set seed: \\1 to repeat this run\\)")
            .matcher(line.getFormattedMessage());
    assertTrue(seed.matches(), line.getFormattedMessage());
    long logged = Long.parseLong(seed.group(1));
    assertEquals(drawn.seed(), logged);
    Map<String, Object> repeated = Map.of("rate", "50/s", "duration", "10s", "seed", logged);
    assertEquals(drawnOffsets, offsets(create(poisson, repeated)), "the logged seed repeats it");
    assertTrue(drawnOffsets.size() > 400, "arrivals " + drawnOffsets.size());
  }

  @Test
  void sineArrivalsFollowTheAreaUnderTheWave() throws Exception {
    Map<String, Object> settings =
        Map.of("rate", "10/s", "amplitude", "5/s", "period", "20s", "duration", "60s");
    ArrivalSchedule schedule = create(sine, settings);
    SineArrivalSchedule wave = (SineArrivalSchedule) schedule;

    List<Long> offsets = offsets(schedule);

    assertEquals(600, offsets.size(), "three whole periods at a mean of 10/s");
    assertEquals(15.0, schedule.plannedRatePerSecond(Duration.ofSeconds(5)), 1e-9);
    assertEquals(5.0, schedule.plannedRatePerSecond(Duration.ofSeconds(15)), 1e-9);
    // The first half-period holds 100 + 5 * 20 / pi = 131.8 of area: arrivals 0 to 131.
    assertEquals(132, countBetween(offsets, 0, 10 * SECOND));
    for (int n = 0; n < offsets.size(); n++) {
      assertEquals(n, wave.areaUntil(offsets.get(n) / 1e9), 1e-6, "arrival " + n);
    }
  }

  @Test
  void zeroIsRefusedWhereItMeansNothingWithAClearMessage() {
    List<ConfigProblem> problems =
        assertProblems(poisson, Map.of("rate", "0/s", "duration", "10s"), "scenarios[0].load.rate");
    assertTrue(problems.get(0).message().contains("above zero"), problems.toString());
    assertProblems(
        ramp,
        Map.of("startRate", "0/s", "endRate", "0/s", "duration", "10s"),
        "scenarios[0].load.endRate");
    assertProblems(
        steps,
        Map.of("stages", List.of(Map.of("rate", "0/s", "duration", "10s"))),
        "scenarios[0].load.stages");
    assertProblems(
        sine,
        Map.of("rate", "0/s", "amplitude", "0/s", "period", "1s", "duration", "1s"),
        "scenarios[0].load.rate");
  }

  @Test
  void negativeNotANumberInfiniteAndZeroDurationsAreRefused() {
    assertProblems(
        ramp,
        Map.of("startRate", "-1/s", "endRate", Double.NaN, "duration", "0s"),
        "scenarios[0].load.startRate",
        "scenarios[0].load.endRate",
        "scenarios[0].load.duration");
    assertProblems(
        poisson,
        Map.of("rate", Double.POSITIVE_INFINITY, "duration", "-5s", "seed", "x"),
        "scenarios[0].load.rate",
        "scenarios[0].load.duration",
        "scenarios[0].load.seed");
    assertProblems(
        sine,
        Map.of("rate", "10/s", "amplitude", "11/s", "period", "0s", "duration", "1m"),
        "scenarios[0].load.period");
    assertProblems(
        sine,
        Map.of("rate", "10/s", "amplitude", "11/s", "period", "10s", "duration", "1m"),
        "scenarios[0].load.amplitude");
  }

  @Test
  void everyStageProblemIsReportedAtItsIndex() {
    List<Map<String, Object>> stages =
        List.of(
            Map.of("rate", "10/s", "duration", "10s", "rampIn", "20s"),
            Map.of("rate", "fast", "duration", "0s"),
            Map.of("rate", "5/s", "duration", "5s", "hold", "1s"));
    assertProblems(
        steps,
        Map.of("stages", stages),
        "scenarios[0].load.stages[0].rampIn",
        "scenarios[0].load.stages[1].rate",
        "scenarios[0].load.stages[1].duration",
        "scenarios[0].load.stages[2].hold");
    assertProblems(steps, Map.of("stages", List.of()), "scenarios[0].load.stages");
    assertProblems(
        steps,
        Map.of("stages", List.of("10/s")),
        "scenarios[0].load.stages[0]",
        "scenarios[0].load.stages[0].rate",
        "scenarios[0].load.stages[0].duration");
  }

  @Test
  void aSpikeThatEndsAfterTheDurationIsRefused() {
    Map<String, Object> settings =
        Map.of(
            "rate", "10/s",
            "peakRate", "100/s",
            "spikeAt", "25s",
            "spikeDuration", "10s",
            "duration", "30s");
    assertProblems(spike, settings, "scenarios[0].load.spikeDuration");
  }
}
