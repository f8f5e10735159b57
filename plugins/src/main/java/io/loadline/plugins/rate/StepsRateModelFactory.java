package io.loadline.plugins.rate;

import io.loadline.spi.ArrivalSchedule;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PluginOption;
import io.loadline.spi.RateModelFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code steps} rate model: a list of {@code stages}, each a {@code rate} held for a {@code
 * duration}, optionally reached by a linear {@code rampIn} from the previous stage's rate (0 before
 * the first) over the stage's first part. A stage at rate 0 is a pause. Stateless and thread-safe.
 */
public final class StepsRateModelFactory implements RateModelFactory {

  /** The list of stages. */
  public static final String STAGES = "stages";

  /** A stage's rate; 0 means a pause. */
  public static final String RATE = "rate";

  /** A stage's length, ramp-in included. */
  public static final String DURATION = "duration";

  /** How long, from the stage's start, the rate takes to move linearly to the stage's rate. */
  public static final String RAMP_IN = "rampIn";

  private static final Set<String> KNOWN_KEYS = Set.of(STAGES);
  private static final Set<String> KNOWN_STAGE_KEYS = Set.of(RATE, DURATION, RAMP_IN);

  @Override
  public String id() {
    return "steps";
  }

  @Override
  public String description() {
    return "Arrivals in stages of rate and duration, each with an optional linear ramp-in.";
  }

  @Override
  public List<PluginOption> options() {
    return List.of(
        PluginOption.required(STAGES, "list", "The stages, in order; at least one."),
        PluginOption.required(
            STAGES + "[]." + RATE, "rate", "The stage's rate; 0/s makes the stage a pause."),
        PluginOption.required(
            STAGES + "[]." + DURATION, "duration", "The stage's length, ramp-in included."),
        PluginOption.optional(
            STAGES + "[]." + RAMP_IN,
            "duration",
            "0s",
            "How long the rate takes to move linearly from the previous stage's rate."));
  }

  @Override
  public ArrivalSchedule create(PluginConfig config) throws InvalidConfigException {
    List<PluginConfig> stages = config.requireChildList(STAGES);
    config.rejectUnknownKeys(KNOWN_KEYS);
    List<RateSegment> segments = new ArrayList<>();
    double previousRate = 0;
    boolean anyArrival = false;
    for (PluginConfig stage : stages) {
      double rate = stage.requireRatePerSecondOrZero(RATE);
      Duration duration = stage.requirePositiveDuration(DURATION);
      Duration rampIn = stage.optionalDuration(RAMP_IN, Duration.ZERO);
      stage.rejectUnknownKeys(KNOWN_STAGE_KEYS);
      if (rampIn.compareTo(duration) > 0) {
        stage.problem(RAMP_IN, "must not be longer than the stage's duration " + duration);
      }
      if (config.problems().isEmpty()) {
        addStage(segments, previousRate, rate, duration, rampIn);
      }
      anyArrival |= rate > 0 || (previousRate > 0 && !rampIn.isZero());
      previousRate = rate;
    }
    if (config.problems().isEmpty() && !anyArrival) {
      config.problem(STAGES, "are all at rate 0: the model would send nothing");
    }
    config.throwIfInvalid();
    return new PiecewiseLinearSchedule("steps " + segments, segments);
  }

  private static void addStage(
      List<RateSegment> segments,
      double previousRate,
      double rate,
      Duration duration,
      Duration rampIn) {
    long rampNanos = rampIn.toNanos();
    if (rampNanos > 0) {
      segments.add(new RateSegment(rampNanos, previousRate, rate));
    }
    long holdNanos = duration.toNanos() - rampNanos;
    if (holdNanos > 0) {
      segments.add(RateSegment.flat(holdNanos, rate));
    }
  }
}
