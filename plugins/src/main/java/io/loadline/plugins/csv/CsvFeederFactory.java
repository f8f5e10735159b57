package io.loadline.plugins.csv;

import io.loadline.spi.Feeder;
import io.loadline.spi.FeederFactory;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.PluginConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code csv} feeder: records from a CSV file in the data directory, one per iteration.
 *
 * <p>Settings: {@code file} (required; a path relative to the data directory that stays inside it),
 * {@code strategy} ({@code circular} by default, {@code queue} or {@code random}) and {@code
 * delimiter} (one character, {@code ,} by default). The file is read and checked once, in {@link
 * #create}, so a broken file is a validation problem before the run, never a failure during it. See
 * {@link CsvRecords} for the accepted CSV. Stateless and thread-safe.
 */
public final class CsvFeederFactory implements FeederFactory {

  static final Set<String> OPTIONS = Set.of("file", "strategy", "delimiter");
  static final String DEFAULT_DELIMITER = ",";

  @Override
  public String id() {
    return "csv";
  }

  @Override
  public String description() {
    return "Reads records from a CSV file in the data directory, its header naming the fields,"
        + " and hands them out in circular, queue or random order.";
  }

  @Override
  public Feeder create(PluginConfig config) throws InvalidConfigException {
    config.rejectUnknownKeys(OPTIONS);
    Optional<Path> file = file(config);
    CsvStrategy strategy = strategy(config);
    Optional<Character> delimiter = delimiter(config);
    List<Map<String, String>> records = List.of();
    if (file.isPresent() && delimiter.isPresent()) {
      String fileName = displayName(config, file.get());
      records =
          new CsvRecords(file.get(), fileName, delimiter.get(), m -> config.problem("file", m))
              .read();
    }
    config.throwIfInvalid();
    return new CsvFeeder(records, strategy, displayName(config, file.orElseThrow()));
  }

  /** The file to read, when it is named, inside the data directory, and readable. */
  private static Optional<Path> file(PluginConfig config) {
    String name = config.requireString("file");
    if (!config.has("file")) {
      return Optional.empty();
    }
    if (name.isBlank()) {
      config.problem("file", "must not be blank; name a CSV file such as users.csv");
      return Optional.empty();
    }
    Path relative;
    try {
      relative = Path.of(name);
    } catch (InvalidPathException e) {
      config.problem("file", "is not a valid file name: '" + name + "'");
      return Optional.empty();
    }
    if (relative.isAbsolute() || name.startsWith("/") || name.startsWith("\\")) {
      config.problem(
          "file",
          "must be a path relative to the data directory, was the absolute path '" + name + "'");
      return Optional.empty();
    }
    if (config.baseDirectory() == null) {
      config.problem("file", "cannot be read: this server has no data directory configured");
      return Optional.empty();
    }
    return insideDataDirectory(config, name, relative);
  }

  private static Optional<Path> insideDataDirectory(
      PluginConfig config, String name, Path relative) {
    Path base = config.baseDirectory().toAbsolutePath().normalize();
    Path resolved = base.resolve(relative).normalize();
    if (!resolved.startsWith(base)) {
      config.problem(
          "file", "must stay inside the data directory, but '" + name + "' leads outside it");
      return Optional.empty();
    }
    String shown = resolved.equals(base) ? "." : base.relativize(resolved).toString();
    if (!Files.exists(resolved)) {
      config.problem(
          "file",
          "'" + shown + "' was not found in the data directory; put it there or fix" + " the name");
      return Optional.empty();
    }
    if (Files.isDirectory(resolved)) {
      config.problem("file", "'" + shown + "' is a directory, not a CSV file");
      return Optional.empty();
    }
    // A symbolic link inside the directory must not lead out of it either.
    try {
      if (!resolved.toRealPath().startsWith(base.toRealPath())) {
        config.problem(
            "file", "must stay inside the data directory, but '" + shown + "' links outside it");
        return Optional.empty();
      }
    } catch (IOException e) {
      config.problem(
          "file", "'" + shown + "' cannot be read (" + e.getClass().getSimpleName() + ")");
      return Optional.empty();
    }
    if (!Files.isReadable(resolved)) {
      config.problem("file", "'" + shown + "' cannot be read; check its permissions");
      return Optional.empty();
    }
    return Optional.of(resolved);
  }

  private static String displayName(PluginConfig config, Path file) {
    Path base = config.baseDirectory().toAbsolutePath().normalize();
    return base.relativize(file).toString();
  }

  private static CsvStrategy strategy(PluginConfig config) {
    String label = config.optionalString("strategy", CsvStrategy.CIRCULAR.label());
    Optional<CsvStrategy> strategy = CsvStrategy.fromLabel(label);
    if (strategy.isEmpty()) {
      config.problem(
          "strategy", "must be one of " + CsvStrategy.labels() + ", was '" + label + "'");
    }
    return strategy.orElse(CsvStrategy.CIRCULAR);
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
