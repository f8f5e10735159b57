package io.loadline.plugins.json;

import io.loadline.plugins.feeder.DataFile;
import io.loadline.plugins.feeder.FeederOptions;
import io.loadline.plugins.feeder.RecordFeeder;
import io.loadline.spi.Feeder;
import io.loadline.spi.FeederFactory;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PluginOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code json} feeder: records from a JSON file in the data directory, one per iteration.
 *
 * <p>Settings: {@code file} (required; a path relative to the data directory that stays inside it,
 * see {@link DataFile}) and the hand-out options of {@link FeederOptions}: {@code strategy}, {@code
 * onExhausted}, {@code seed}. The file is an array of objects or JSON lines (see {@link
 * JsonRecords}); it is read and checked once, in {@link #create}, so a broken file is a validation
 * problem before the run. Stateless and thread-safe.
 */
public final class JsonFeederFactory implements FeederFactory {

  static final Set<String> OPTIONS = knownKeys();

  @Override
  public String id() {
    return "json";
  }

  @Override
  public String description() {
    return "Reads records from a JSON file in the data directory (an array of objects or JSON"
        + " lines) and hands them out in circular, queue, random or shuffle order.";
  }

  @Override
  public List<PluginOption> options() {
    List<PluginOption> options = new ArrayList<>();
    options.add(
        PluginOption.required(
            "file",
            "file",
            "The JSON file (an array of objects or JSON lines), relative to the data directory."));
    options.addAll(FeederOptions.DESCRIPTIONS);
    return List.copyOf(options);
  }

  @Override
  public Feeder create(PluginConfig config) throws InvalidConfigException {
    config.rejectUnknownKeys(OPTIONS);
    Optional<DataFile> file = DataFile.resolve(config, "JSON", "users.json");
    FeederOptions options = FeederOptions.read(config);
    List<Map<String, String>> records = List.of();
    if (file.isPresent()) {
      records = new JsonRecords(file.get(), m -> config.problem("file", m)).read();
    }
    config.throwIfInvalid();
    return new RecordFeeder(
        records, options, "json feeder of '" + file.orElseThrow().displayName() + "'");
  }

  private static Set<String> knownKeys() {
    Set<String> options = new HashSet<>(Set.of("file"));
    options.addAll(FeederOptions.KEYS);
    return Set.copyOf(options);
  }
}
