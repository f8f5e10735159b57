package io.loadline.bench;

import io.loadline.plugins.rate.ConstantRateModelFactory;
import io.loadline.plugins.rate.PoissonRateModelFactory;
import io.loadline.plugins.rate.RampRateModelFactory;
import io.loadline.plugins.rate.SineRateModelFactory;
import io.loadline.plugins.rate.StepsRateModelFactory;
import io.loadline.spi.ArrivalCursor;
import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.RateModelFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one intended arrival offset, per rate model: what the scheduler thread pays per
 * arrival before it waits. Each model runs at 20,000/s for an hour, so a cursor never ends within
 * a measurement (and is restarted if it does).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ArrivalScheduleBenchmark {

  @Param({"constant", "ramp", "steps", "poisson", "sine"})
  public String model;

  private ArrivalSchedule schedule;
  private ArrivalCursor cursor;

  @Setup
  public void createSchedule() throws InvalidConfigException {
    schedule = create(model);
    cursor = schedule.cursor();
  }

  @Benchmark
  public long nextOffset() {
    long offset = cursor.nextOffsetNanos();
    if (offset == ArrivalCursor.END) {
      cursor = schedule.cursor();
    }
    return offset;
  }

  private static ArrivalSchedule create(String model) throws InvalidConfigException {
    Map<String, Object> settings =
        switch (model) {
          case "constant", "poisson" -> Map.of("rate", "20000/s", "duration", "1h");
          case "ramp" -> Map.of("startRate", "10000/s", "endRate", "30000/s", "duration", "1h");
          case "steps" ->
              Map.of(
                  "stages",
                  List.of(
                      Map.of("rate", "10000/s", "duration", "30m", "rampIn", "10m"),
                      Map.of("rate", "30000/s", "duration", "30m", "rampIn", "10m")));
          case "sine" ->
              Map.of("rate", "20000/s", "amplitude", "10000/s", "period", "1m", "duration", "1h");
          default -> throw new IllegalArgumentException("unknown model " + model);
        };
    return factory(model).create(PluginConfig.of("load", settings, Path.of(".")));
  }

  private static RateModelFactory factory(String model) {
    return switch (model) {
      case "constant" -> new ConstantRateModelFactory();
      case "ramp" -> new RampRateModelFactory();
      case "steps" -> new StepsRateModelFactory();
      case "poisson" -> new PoissonRateModelFactory();
      default -> new SineRateModelFactory();
    };
  }
}
