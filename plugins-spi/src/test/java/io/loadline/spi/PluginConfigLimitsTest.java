package io.loadline.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documented upper limits of durations and rates: refused with a path, never capped. */
class PluginConfigLimitsTest {

  @Test
  void durationsUpToThirtyOneDaysAreAcceptedExactly() {
    assertEquals(Duration.ofDays(31), PluginConfig.parseDuration("744h"));
    assertEquals(PluginConfig.MAX_DURATION, PluginConfig.parseDuration("743h60m"));
    assertEquals(Duration.ofMillis(1500), PluginConfig.parseDuration("1s500ms"));
  }

  @Test
  void durationsBeyondThirtyOneDaysAreRefusedRatherThanCapped() {
    for (String huge : List.of("99999999999999999999h", "9999999999999999h", "99999999999h")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> PluginConfig.parseDuration(huge));
      assertEquals("must be at most 744h (31 days), was '" + huge + "'", e.getMessage());
    }
    // Chained parts count together.
    assertThrows(IllegalArgumentException.class, () -> PluginConfig.parseDuration("744h1ms"));
  }

  @Test
  void aNegativeDurationIsRefusedAsBelowZeroNotAsMissingAUnit() {
    IllegalArgumentException orZero =
        assertThrows(IllegalArgumentException.class, () -> PluginConfig.parseDuration("-3s"));
    assertEquals("must be zero or more, was '-3s'", orZero.getMessage());
    IllegalArgumentException positive =
        assertThrows(
            IllegalArgumentException.class, () -> PluginConfig.parsePositiveDuration("-3s"));
    assertEquals("must be above zero, was '-3s'", positive.getMessage());
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class, () -> PluginConfig.parsePositiveDuration("0ms"));
    assertEquals("must be above zero, was '0ms'", zero.getMessage());
    // A minus before something that is no duration at all still asks for a unit.
    IllegalArgumentException noUnit =
        assertThrows(IllegalArgumentException.class, () -> PluginConfig.parseDuration("-3"));
    assertEquals(
        "must be a duration with a unit such as 250ms, 30s, 5m or 1h, was '-3'",
        noUnit.getMessage());
  }

  @Test
  void aNegativePluginOptionIsAProblemAtItsPath() {
    PluginConfig config =
        PluginConfig.of(
            "scenarios[0].protocol",
            Map.of("connectTimeout", "-3s", "gracePeriod", "-1s"),
            Path.of("."));

    config.optionalPositiveDuration("connectTimeout", Duration.ofSeconds(1));
    config.optionalDuration("gracePeriod", Duration.ZERO);

    assertEquals(
        List.of(
            new ConfigProblem(
                "scenarios[0].protocol.connectTimeout", "must be above zero, was '-3s'"),
            new ConfigProblem(
                "scenarios[0].protocol.gracePeriod", "must be zero or more, was '-1s'")),
        config.problems());
  }

  @Test
  void ratesUpToAMillionPerSecondAreAcceptedAndAboveAreRefused() {
    assertEquals(1_000_000, PluginConfig.parseRatePerSecond("1000000/s"));
    assertEquals(1_000_000, PluginConfig.parseRatePerSecond("60000000/m"));

    for (String huge : List.of("1000001/s", "99999999999999999999999/s", "3600000001/h")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> PluginConfig.parseRatePerSecond(huge));
      assertEquals("must be at most 1000000/s, was '" + huge + "'", e.getMessage());
      assertThrows(
          IllegalArgumentException.class, () -> PluginConfig.parseRatePerSecondOrZero(huge));
    }
    assertEquals(0, PluginConfig.parseRatePerSecondOrZero("0/s"));
  }

  @Test
  void aHugeSettingIsAProblemAtItsFieldPathAmongTheOthers() {
    PluginConfig config =
        PluginConfig.of(
            "scenarios[0].load",
            Map.of("rate", "2000000/s", "duration", "99999999999h"),
            Path.of("."));

    config.requireRatePerSecond("rate");
    Duration duration = config.requirePositiveDuration("duration");

    List<ConfigProblem> problems = config.problems();
    assertEquals(
        List.of("scenarios[0].load.rate", "scenarios[0].load.duration"),
        problems.stream().map(ConfigProblem::path).toList());
    assertTrue(problems.get(1).message().contains("must be at most 744h"), problems.toString());
    assertEquals(Duration.ZERO, duration, "the fallback, not a capped value");
  }
}
