package io.loadline.plugins.csv;

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
 * The {@code csv} feeder: records from a CSV file in the data directory, one per iteration.
 *
 * <p>Settings: {@code file} (required; a path relative to the data directory that stays inside it,
 * see {@link DataFile}), {@code delimiter} (one character, {@code ,} by default) and the hand-out
 * options of {@link FeederOptions}: {@code strategy}, {@code onExhausted}, {@code seed}. The file
 * is read and checked once, in {@link #create}, so a broken file is a validation problem before the
 * run, never a failure during it. See {@link CsvRecords} for the accepted CSV. Stateless and
 * thread-safe.
 */
public final class CsvFeederFactory implements FeederFactory {

  static final Set<String> OPTIONS = knownKeys();
  static final String DEFAULT_DELIMITER = ",";

  @Override
  public String id() {
    return "csv";
  }

  @Override
  public String description() {
    return "Reads records from a CSV file in the data directory, its header naming the fields,"
        + " and hands them out in circular, queue, random or shuffle order.";
  }

  @Override
  public List<PluginOption> options() {
    List<PluginOption> options = new ArrayList<>();
    options.add(
        PluginOption.required(
            "file", "file", "The CSV file, relative to the data directory, such as users.csv."));
    options.add(
        PluginOption.optional(
            "delimiter",
            "text",
            DEFAULT_DELIMITER,
            "The one character between fields, such as ; or a tab (\"\\t\")."));
    options.addAll(FeederOptions.DESCRIPTIONS);
    return List.copyOf(options);
  }

  @Override
  public Feeder create(PluginConfig config) throws InvalidConfigException {
    config.rejectUnknownKeys(OPTIONS);
    Optional<DataFile> file = DataFile.resolve(config, "CSV", "users.csv");
    FeederOptions options = FeederOptions.read(config);
    Optional<Character> delimiter = delimiter(config);
    List<Map<String, String>> records = List.of();
    if (file.isPresent() && delimiter.isPresent()) {
      records =
          new CsvRecords(
                  file.get().path(),
                  file.get().displayName(),
                  delimiter.get(),
                  m -> config.problem("file", m))
              .read();
    }
    config.throwIfInvalid();
    return new RecordFeeder(
        records, options, "csv feeder of '" + file.orElseThrow().displayName() + "'");
  }

  private static Set<String> knownKeys() {
    Set<String> options = new HashSet<>(Set.of("file", "delimiter"));
    options.addAll(FeederOptions.KEYS);
    return Set.copyOf(options);
  }

  private static Optional<Character> delimiter(PluginConfig config) {
    String text = config.optionalString("delimiter", DEFAULT_DELIMITER);
    boolean oneCharacter = text.length() == 1;
    if (!oneCharacter || "\"\r\n".indexOf(text.charAt(0)) >= 0) {
      config.problem(
          "delimiter",
          "must be one character other than a quote or a line break, such as , or ; or a tab"
              + " (\"\\t\" in double quotes), was '"
              + text
              + "'");
      return Optional.empty();
    }
    return Optional.of(text.charAt(0));
  }
}
