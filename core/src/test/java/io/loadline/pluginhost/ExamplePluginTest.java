package io.loadline.pluginhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.spi.ArrivalCursor;
import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.ConfigProblem;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PluginOption;
import io.loadline.spi.RateModelFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code examples/plugin-example} honest: its sources compile against the SPI alone, and the
 * jar built from them is found in a plugins directory and schedules what its README promises.
 */
class ExamplePluginTest {

  private static final Path EXAMPLE = Path.of("..", "examples", "plugin-example", "src", "main");
  private static final long SECOND_NANOS = 1_000_000_000L;

  @TempDir Path workDirectory;

  private Path jar;
  private RateModelFactory burstEvery;

  @BeforeEach
  void buildAndDiscoverTheExample() throws Exception {
    Path pluginsDirectory = Files.createDirectory(workDirectory.resolve("plugins"));
    Path resources = EXAMPLE.resolve("resources");
    Map<String, String> resourceEntries = new LinkedHashMap<>();
    for (Path resource : PluginJars.filesUnder(resources)) {
      String entry = resources.relativize(resource).toString().replace('\\', '/');
      resourceEntries.put(entry, Files.readString(resource));
    }
    jar =
        new PluginJars(workDirectory)
            .build(
                pluginsDirectory.resolve("burst-every-plugin-1.0.0.jar"),
                PluginJars.filesUnder(EXAMPLE.resolve("java")),
                resourceEntries,
                "1.0.0");

    PluginRegistry registry =
        PluginHost.discover(ExamplePluginTest.class.getClassLoader(), pluginsDirectory);
    burstEvery = registry.rateModel("burst-every").orElseThrow();
    PluginDescriptor descriptor =
        registry.plugins().stream().filter(p -> p.id().equals("burst-every")).findFirst().get();
    assertEquals(jar.toString(), descriptor.source());
    assertEquals("1.0.0", descriptor.version());
    assertEquals(
        List.of("arrivals", "every", "duration"),
        descriptor.options().stream().map(PluginOption::name).toList());
  }

  @Test
  void theExampleSendsItsBurstAtTheStartOfEveryPeriod() throws Exception {
    ArrivalSchedule schedule =
        burstEvery.create(
            PluginConfig.of(
                "scenarios[0].load",
                Map.of("arrivals", 3, "every", "10s", "duration", "25s"),
                workDirectory));

    assertEquals(
        List.of(0L, 0L, 0L, 10L, 10L, 10L, 20L, 20L, 20L), offsetsInSeconds(schedule.cursor()));
    assertEquals(9, schedule.expectedArrivals());
    assertEquals(0.3, schedule.plannedRatePerSecond(java.time.Duration.ofSeconds(5)), 1e-9);
  }

  @Test
  void theExampleReportsEveryMistakeOfItsSettingsAtOnce() {
    PluginConfig config =
        PluginConfig.of("scenarios[0].load", Map.of("every", "0s", "burst", 5), workDirectory);

    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> burstEvery.create(config));

    List<String> paths = e.problems().stream().map(ConfigProblem::path).toList();
    assertEquals(
        List.of(
            "scenarios[0].load.burst",
            "scenarios[0].load.arrivals",
            "scenarios[0].load.every",
            "scenarios[0].load.duration"),
        paths);
    assertTrue(e.getMessage().contains("must be above zero"), e.getMessage());
  }

  private static List<Long> offsetsInSeconds(ArrivalCursor cursor) {
    List<Long> offsets = new ArrayList<>();
    for (long offset = cursor.nextOffsetNanos();
        offset != ArrivalCursor.END;
        offset = cursor.nextOffsetNanos()) {
      offsets.add(offset / SECOND_NANOS);
    }
    return offsets;
  }
}
