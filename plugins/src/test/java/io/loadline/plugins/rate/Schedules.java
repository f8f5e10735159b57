package io.loadline.plugins.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.loadline.spi.ArrivalCursor;
import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.ConfigProblem;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.RateModelFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Helpers for the rate-model tests: build a schedule from settings, list its offsets. */
final class Schedules {

  static final long SECOND = 1_000_000_000L;

  private Schedules() {}

  static ArrivalSchedule create(RateModelFactory factory, Map<String, Object> settings)
      throws InvalidConfigException {
    return factory.create(PluginConfig.of("scenarios[0].load", settings, Path.of(".")));
  }

  static List<Long> offsets(ArrivalSchedule schedule) {
    List<Long> offsets = new ArrayList<>();
    ArrivalCursor cursor = schedule.cursor();
    for (long offset = cursor.nextOffsetNanos();
        offset != ArrivalCursor.END;
        offset = cursor.nextOffsetNanos()) {
      offsets.add(offset);
    }
    return offsets;
  }

  static long countBetween(List<Long> offsets, long fromNanos, long untilNanos) {
    return offsets.stream().filter(o -> o >= fromNanos && o < untilNanos).count();
  }

  /** Asserts that the settings are rejected with problems at exactly these paths, in order. */
  static List<ConfigProblem> assertProblems(
      RateModelFactory factory, Map<String, Object> settings, String... expectedPaths) {
    InvalidConfigException thrown =
        assertThrows(InvalidConfigException.class, () -> create(factory, settings));
    List<String> paths = thrown.problems().stream().map(ConfigProblem::path).toList();
    assertEquals(List.of(expectedPaths), paths, thrown.getMessage());
    return thrown.problems();
  }
}
