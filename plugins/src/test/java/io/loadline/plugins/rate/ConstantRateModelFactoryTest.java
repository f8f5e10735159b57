package io.loadline.plugins.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.spi.ArrivalCursor;
import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.ConfigProblem;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.PluginConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConstantRateModelFactoryTest {

  private final ConstantRateModelFactory factory = new ConstantRateModelFactory();

  @Test
  void twoHundredPerSecondForThreeSecondsGivesSixHundredAbsoluteOffsets() throws Exception {
    ArrivalSchedule schedule = create(Map.of("rate", "200/s", "duration", "3s"));

    List<Long> offsets = offsets(schedule);

    assertEquals(600, offsets.size());
    assertEquals(600, schedule.expectedArrivals());
    assertEquals(0L, offsets.get(0));
    assertEquals(5_000_000L, offsets.get(1));
    assertEquals(2_995_000_000L, offsets.get(599));
    for (int i = 0; i < offsets.size(); i++) {
      assertEquals(i * 5_000_000L, offsets.get(i), "arrival " + i + " is due at i * 5 ms");
    }
  }

  @Test
  void offsetsAreRoundedFromTheStartSoRoundingNeverAccumulates() throws Exception {
    // 3/s has a gap of 333,333,333.3 ns: added gaps would drift by a nanosecond every 3 arrivals.
    ArrivalSchedule schedule = create(Map.of("rate", "3/s", "duration", "100s"));

    List<Long> offsets = offsets(schedule);

    assertEquals(300, offsets.size());
    assertEquals(333_333_333L, offsets.get(1));
    assertEquals(666_666_667L, offsets.get(2));
    assertEquals(99_000_000_000L, offsets.get(297));
    assertEquals(99_666_666_667L, offsets.get(299));
  }

  @Test
  void fifteenHundredPerSecondForAMinuteGivesNinetyThousand() throws Exception {
    ArrivalSchedule schedule = create(Map.of("rate", "1500/s", "duration", "60s"));

    assertEquals(90_000, offsets(schedule).size());
    assertEquals(90_000, schedule.expectedArrivals());
  }

  @Test
  void aSlowRateCountsTheAreaUnderTheCurve() throws Exception {
    ArrivalSchedule schedule = create(Map.of("rate", "0.4/s", "duration", "1800s"));

    List<Long> offsets = offsets(schedule);

    assertEquals(720, offsets.size());
    assertEquals(720, schedule.expectedArrivals());
    assertEquals(2_500_000_000L, offsets.get(1));
    assertTrue(offsets.get(719) >= Duration.ofSeconds(1795).toNanos());
    assertTrue(offsets.get(719) < Duration.ofSeconds(1800).toNanos());
  }

  @Test
  void ratesPerMinuteAndFractionsAreAccepted() throws Exception {
    ArrivalSchedule schedule = create(Map.of("rate", "600/m", "duration", "1m"));

    assertEquals(600, schedule.expectedArrivals());
    assertEquals(10.0, schedule.plannedRatePerSecond(Duration.ofSeconds(30)));
    assertEquals(0.0, schedule.plannedRatePerSecond(Duration.ofMinutes(1)));
  }

  @Test
  void aCursorEndsAndStaysEnded() throws Exception {
    ArrivalCursor cursor = create(Map.of("rate", "1/s", "duration", "2s")).cursor();

    assertEquals(0L, cursor.nextOffsetNanos());
    assertEquals(1_000_000_000L, cursor.nextOffsetNanos());
    assertEquals(ArrivalCursor.END, cursor.nextOffsetNanos());
    assertEquals(ArrivalCursor.END, cursor.nextOffsetNanos());
  }

  @Test
  void everyInvalidSettingIsReportedWithItsPath() {
    assertProblems(Map.of("rate", "0/s", "duration", "5s"), "scenarios[0].load.rate");
    assertProblems(Map.of("rate", "-5/s", "duration", "5s"), "scenarios[0].load.rate");
    assertProblems(Map.of("rate", "abc", "duration", "5s"), "scenarios[0].load.rate");
    assertProblems(Map.of("rate", "10/s"), "scenarios[0].load.duration");
    assertProblems(
        Map.of("rate", "abc", "duration", "0s", "rampUp", "5s"),
        "scenarios[0].load.rate",
        "scenarios[0].load.duration",
        "scenarios[0].load.rampUp");
  }

  private void assertProblems(Map<String, Object> settings, String... expectedPaths) {
    InvalidConfigException thrown =
        assertThrows(InvalidConfigException.class, () -> create(settings));
    List<String> paths = thrown.problems().stream().map(ConfigProblem::path).toList();
    assertEquals(List.of(expectedPaths), paths, thrown.getMessage());
  }

  private ArrivalSchedule create(Map<String, Object> settings) throws InvalidConfigException {
    return factory.create(PluginConfig.of("scenarios[0].load", settings, Path.of(".")));
  }

  private static List<Long> offsets(ArrivalSchedule schedule) {
    List<Long> offsets = new ArrayList<>();
    ArrivalCursor cursor = schedule.cursor();
    for (long offset = cursor.nextOffsetNanos();
        offset != ArrivalCursor.END;
        offset = cursor.nextOffsetNanos()) {
      offsets.add(offset);
    }
    return offsets;
  }
}
