package io.loadline.plugins.random;

import io.loadline.plugins.feeder.FeederOptions;
import io.loadline.spi.Feeder;
import io.loadline.spi.FeederFactory;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PluginOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code random} feeder: a generated record per iteration, never exhausted.
 *
 * <p>Settings: {@code fields} (required), a map of field names to generators: {@code uuid}, <code>
 * {int: [min, max]}</code> (both included), <code>{pick: [a, b, ...]}</code> or <code>
 * {string: length}</code> (letters and digits); and {@code seed} (a whole number) for the same
 * records in every run. Every mistake is a problem at its field's path, such as {@code
 * scenarios[0].feeder.fields.age}. Stateless and thread-safe.
 */
public final class RandomFeederFactory implements FeederFactory {

  static final Set<String> OPTIONS = Set.of("fields", "seed");

  /** The longest generated string, so a typo cannot fill the memory. */
  static final int MAX_STRING_LENGTH = 10_000;

  /** The largest magnitude of an {@code int} bound, so that {@code max + 1} cannot overflow. */
  static final long MAX_INT_BOUND = 1_000_000_000_000_000_000L;

  private static final String KINDS = "uuid, {int: [min, max]}, {pick: [a, b]} or {string: length}";

  @Override
  public String id() {
    return "random";
  }

  @Override
  public String description() {
    return "Generates a record per iteration from declared fields (uuid, a whole number in a"
        + " range, a pick from a list, a string of a length), seedable for repeatable runs.";
  }

  @Override
  public List<PluginOption> options() {
    return List.of(
        PluginOption.required(
            "fields",
            "map",
            "Field names to generators: uuid, {int: [min, max]}, {pick: [a, b]} or"
                + " {string: length}."),
        PluginOption.optionalWithoutDefault(
            "seed",
            "integer",
            "The seed, for the same records in every run; without it each run differs."));
  }

  @Override
  public Feeder create(PluginConfig config) throws InvalidConfigException {
    config.rejectUnknownKeys(OPTIONS);
    Map<String, RandomField> fields = fields(config);
    OptionalLong seed = FeederOptions.seed(config);
    config.throwIfInvalid();
    return new RandomFeeder(fields, seed.orElseGet(() -> ThreadLocalRandom.current().nextLong()));
  }

  private static Map<String, RandomField> fields(PluginConfig config) {
    Object value = config.values().get("fields");
    if (!(value instanceof Map<?, ?> declared) || declared.isEmpty()) {
      config.problem(
          "fields",
          value == null
              ? "is required: a map of field names to generators, such as {id: uuid}"
              : "must be a non-empty map of field names to generators, such as {id: uuid}");
      return Map.of();
    }
    Map<String, RandomField> fields = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : declared.entrySet()) {
      String name = String.valueOf(entry.getKey());
      String key = "fields." + name;
      if (name.isBlank()) {
        config.problem(key, "a field name must not be blank");
        continue;
      }
      field(config, key, entry.getValue()).ifPresent(field -> fields.put(name, field));
    }
    return fields;
  }

  private static Optional<RandomField> field(PluginConfig config, String key, Object spec) {
    if ("uuid".equals(spec)) {
      return Optional.of(new RandomField.Uuid());
    }
    if (!(spec instanceof Map<?, ?> map) || map.size() != 1) {
      config.problem(key, "must be one of " + KINDS + ", was " + spec);
      return Optional.empty();
    }
    Map.Entry<?, ?> kind = map.entrySet().iterator().next();
    String kindKey = key + "." + kind.getKey();
    return switch (String.valueOf(kind.getKey())) {
      case "int" -> intRange(config, kindKey, kind.getValue());
      case "pick" -> pick(config, kindKey, kind.getValue());
      case "string" -> text(config, kindKey, kind.getValue());
      default -> {
        config.problem(key, "must be one of " + KINDS + ", was " + spec);
        yield Optional.empty();
      }
    };
  }

  private static Optional<RandomField> intRange(PluginConfig config, String key, Object bounds) {
    String wanted =
        "must be a list of two whole numbers, the smallest and the largest, such as"
            + " [18, 90], each between -10^18 and 10^18, was "
            + bounds;
    if (!(bounds instanceof List<?> list) || list.size() != 2) {
      config.problem(key, wanted);
      return Optional.empty();
    }
    OptionalLong min = wholeNumber(list.get(0));
    OptionalLong max = wholeNumber(list.get(1));
    if (min.isEmpty() || max.isEmpty()) {
      config.problem(key, wanted);
      return Optional.empty();
    }
    if (min.getAsLong() > max.getAsLong()) {
      config.problem(
          key,
          "the smallest value comes first: " + min.getAsLong() + " is above " + max.getAsLong());
      return Optional.empty();
    }
    return Optional.of(new RandomField.IntRange(min.getAsLong(), max.getAsLong()));
  }

  private static OptionalLong wholeNumber(Object value) {
    long number;
    if (value instanceof Integer || value instanceof Long) {
      number = ((Number) value).longValue();
    } else if (value instanceof String text) {
      try {
        number = Long.parseLong(text.strip());
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    } else {
      return OptionalLong.empty();
    }
    return Math.abs(number) <= MAX_INT_BOUND ? OptionalLong.of(number) : OptionalLong.empty();
  }

  private static Optional<RandomField> pick(PluginConfig config, String key, Object choices) {
    if (!(choices instanceof List<?> list) || list.isEmpty()) {
      config.problem(key, "must be a non-empty list of values to pick from, was " + choices);
      return Optional.empty();
    }
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object choice = list.get(i);
      if (choice == null || choice instanceof Map || choice instanceof List) {
        config.problem(key + "[" + i + "]", "must be a text, number or boolean, was " + choice);
      } else {
        texts.add(choice.toString());
      }
    }
    return texts.size() == list.size()
        ? Optional.of(new RandomField.Pick(texts))
        : Optional.empty();
  }

  private static Optional<RandomField> text(PluginConfig config, String key, Object length) {
    OptionalLong number = wholeNumber(length);
    if (number.isEmpty() || number.getAsLong() < 1 || number.getAsLong() > MAX_STRING_LENGTH) {
      config.problem(
          key,
          "must be a whole number of characters from 1 to "
              + MAX_STRING_LENGTH
              + ", was "
              + length);
      return Optional.empty();
    }
    return Optional.of(new RandomField.Text((int) number.getAsLong()));
  }
}
