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
 * The {@code spike} rate model: a base {@code rate} (0 allowed) for {@code duration}, with a burst
 * at {@code peakRate} from {@code spikeAt} for {@code spikeDuration}, then back to the base. The
 * change is a step, not a ramp. Stateless and thread-safe.
 */
public final class SpikeRateModelFactory implements RateModelFactory {

  /** The base rate, before and after the spike; 0 allowed. */
  public static final String RATE = "rate";

  /** The rate during the spike; above 0. */
  public static final String PEAK_RATE = "peakRate";

  /** The spike's start, as an offset from the run's start; 0 allowed. */
  public static final String SPIKE_AT = "spikeAt";

  /** How long the spike lasts. */
  public static final String SPIKE_DURATION = "spikeDuration";

  /** How long the whole model lasts. */
  public static final String DURATION = "duration";

  private static final Set<String> KNOWN_KEYS =
      Set.of(RATE, PEAK_RATE, SPIKE_AT, SPIKE_DURATION, DURATION);

  @Override
  public String id() {
    return "spike";
  }

  @Override
  public String description() {
    return "Arrivals at a base rate with one burst to a peak rate at a given offset.";
  }

  @Override
  public List<PluginOption> options() {
    return List.of(
        PluginOption.required(
            RATE, "rate", "The base rate, before and after the spike; 0 allowed."),
        PluginOption.required(PEAK_RATE, "rate", "The rate during the spike; above 0."),
        PluginOption.required(
            SPIKE_AT, "duration", "When the spike starts, from the run's start; 0s allowed."),
        PluginOption.required(SPIKE_DURATION, "duration", "How long the spike lasts."),
        PluginOption.required(
            DURATION, "duration", "How long the whole model lasts; the spike ends within it."));
  }

  @Override
  public ArrivalSchedule create(PluginConfig config) throws InvalidConfigException {
    double baseRate = config.requireRatePerSecondOrZero(RATE);
    double peakRate = config.requireRatePerSecond(PEAK_RATE);
    Duration spikeAt = config.requireDuration(SPIKE_AT);
    Duration spikeDuration = config.requirePositiveDuration(SPIKE_DURATION);
    Duration duration = config.requirePositiveDuration(DURATION);
    config.rejectUnknownKeys(KNOWN_KEYS);
    if (config.problems().isEmpty() && spikeAt.plus(spikeDuration).compareTo(duration) > 0) {
      config.problem(
          SPIKE_DURATION,
          "ends at " + spikeAt.plus(spikeDuration) + ", after the duration " + duration);
    }
    config.throwIfInvalid();

    // Base, spike, base: stretches of zero length are left out.
    List<RateSegment> segments = new ArrayList<>();
    long beforeNanos = spikeAt.toNanos();
    long afterNanos = duration.minus(spikeAt).minus(spikeDuration).toNanos();
    if (beforeNanos > 0) {
      segments.add(RateSegment.flat(beforeNanos, baseRate));
    }
    segments.add(RateSegment.flat(spikeDuration.toNanos(), peakRate));
    if (afterNanos > 0) {
      segments.add(RateSegment.flat(afterNanos, baseRate));
    }
    String description =
        "spike " + baseRate + "/s, " + peakRate + "/s from " + spikeAt + " for " + spikeDuration;
    return new PiecewiseLinearSchedule(description, segments);
  }
}
