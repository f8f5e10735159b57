package io.loadline.plugins.feeder;

import io.loadline.spi.ExhaustionPolicy;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PluginOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hand-out settings every file feeder shares: {@code strategy} ({@code circular} by default),
 * {@code onExhausted} ({@code stop-run} by default) and {@code seed} (a whole number; random when
 * absent). Immutable.
 *
 * @param strategy the order of hand-out
 * @param onExhausted what happens once a queue or shuffle has given every record
 * @param seed the seed of {@code random} and {@code shuffle}, given or drawn at random
 * @param seeded whether the plan gave the seed (so the order repeats from run to run)
 */
public record FeederOptions(
    RecordStrategy strategy, ExhaustionPolicy onExhausted, long seed, boolean seeded) {

  /** The option names read here, to add to a factory's known options. */
  public static final Set<String> KEYS = Set.of("strategy", "onExhausted", "seed");

  /** How the shared options appear in a file feeder's option list. */
  public static final List<PluginOption> DESCRIPTIONS =
      List.of(
          PluginOption.optional(
              "strategy",
              "one of " + String.join(", ", RecordStrategy.labels()),
              RecordStrategy.CIRCULAR.label(),
              "The order records are handed out in."),
          PluginOption.optional(
              "onExhausted",
              "one of " + String.join(", ", ExhaustionPolicy.labels()),
              ExhaustionPolicy.STOP_RUN.label(),
              "What happens once a queue or shuffle has handed out every record."),
          PluginOption.optionalWithoutDefault(
              "seed",
              "integer",
              "The seed of random and shuffle, for the same order in every run; without it each"
                  + " run differs."));

  /** Reads the options, recording a problem at its path for each wrong value. */
  public static FeederOptions read(PluginConfig config) {
    RecordStrategy strategy = strategy(config);
    ExhaustionPolicy onExhausted = onExhausted(config);
    OptionalLong seed = seed(config);
    return new FeederOptions(
        strategy,
        onExhausted,
        seed.orElseGet(() -> ThreadLocalRandom.current().nextLong()),
        seed.isPresent());
  }

  private static RecordStrategy strategy(PluginConfig config) {
    String label = config.optionalString("strategy", RecordStrategy.CIRCULAR.label());
    Optional<RecordStrategy> strategy = RecordStrategy.fromLabel(label);
    if (strategy.isEmpty()) {
      config.problem(
          "strategy", "must be one of " + RecordStrategy.labels() + ", was '" + label + "'");
    }
    return strategy.orElse(RecordStrategy.CIRCULAR);
  }

  private static ExhaustionPolicy onExhausted(PluginConfig config) {
    String label = config.optionalString("onExhausted", ExhaustionPolicy.STOP_RUN.label());
    Optional<ExhaustionPolicy> policy = ExhaustionPolicy.fromLabel(label);
    if (policy.isEmpty()) {
      config.problem(
          "onExhausted", "must be one of " + ExhaustionPolicy.labels() + ", was '" + label + "'");
    }
    return policy.orElse(ExhaustionPolicy.STOP_RUN);
  }

  /** The {@code seed} option of a feeder, when given: a whole number. */
  public static OptionalLong seed(PluginConfig config) {
    Object value = config.values().get("seed");
    if (value == null) {
      return OptionalLong.empty();
    }
    if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
      return OptionalLong.of(number.longValue());
    }
    try {
      return OptionalLong.of(Long.parseLong(value.toString().strip()));
    } catch (NumberFormatException e) {
      config.problem("seed", "must be a whole number such as 42, was '" + value + "'");
      return OptionalLong.empty();
    }
  }
}
