package io.loadline.plugins.feeder;

import io.loadline.spi.PluginConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A file option, such as a file feeder's {@code file} or the http protocol's {@code trustStore}: a
 * path relative to the data directory that stays inside it (symbolic links included), names a
 * readable regular file, and is never absolute. Each mistake is a problem at the option's own path,
 * such as {@code <path>.file}. Stateless.
 *
 * @param path the resolved, normalised file
 * @param displayName its name relative to the data directory, for messages
 */
public record DataFile(Path path, String displayName) {

  /**
   * The file named by the {@code file} option, when it is named, inside the data directory and
   * readable; otherwise empty, with the problem recorded.
   *
   * @param config the feeder's settings
   * @param kind the file's kind for messages, such as {@code CSV}
   * @param example a file name for messages, such as {@code users.csv}
   */
  public static Optional<DataFile> resolve(PluginConfig config, String kind, String example) {
    return resolve(config, "file", kind, example);
  }

  /**
   * The file named by the option {@code key}, when it is named, inside the data directory and
   * readable; otherwise empty, with the problem recorded at {@code key} ("is required" when it is
   * missing, so a caller with an optional file checks {@link PluginConfig#has} first).
   *
   * @param config the plugin's settings
   * @param key the option naming the file, such as {@code file}
   * @param kind the file's kind for messages, such as {@code CSV}
   * @param example a file name for messages, such as {@code users.csv}
   */
  public static Optional<DataFile> resolve(
      PluginConfig config, String key, String kind, String example) {
    String name = config.requireString(key);
    if (!config.has(key)) {
      return Optional.empty();
    }
    if (name.isBlank()) {
      config.problem(key, "must not be blank; name a " + kind + " file such as " + example);
      return Optional.empty();
    }
    Path relative;
    try {
      relative = Path.of(name);
    } catch (InvalidPathException e) {
      config.problem(key, "is not a valid file name: '" + name + "'");
      return Optional.empty();
    }
    if (relative.isAbsolute() || name.startsWith("/") || name.startsWith("\\")) {
      config.problem(
          key,
          "must be a path relative to the data directory, was the absolute path '" + name + "'");
      return Optional.empty();
    }
    if (config.baseDirectory() == null) {
      config.problem(key, "cannot be read: this server has no data directory configured");
      return Optional.empty();
    }
    return insideDataDirectory(config, key, name, relative, kind);
  }

  private static Optional<DataFile> insideDataDirectory(
      PluginConfig config, String key, String name, Path relative, String kind) {
    Path base = config.baseDirectory().toAbsolutePath().normalize();
    Path resolved = base.resolve(relative).normalize();
    if (!resolved.startsWith(base)) {
      config.problem(
          key, "must stay inside the data directory, but '" + name + "' leads outside it");
      return Optional.empty();
    }
    String shown = resolved.equals(base) ? "." : base.relativize(resolved).toString();
    if (!Files.exists(resolved)) {
      config.problem(
          key,
          "'"
              + shown
              + "' was not found in the data directory ("
              + base
              + "); put it there or fix the name");
      return Optional.empty();
    }
    if (Files.isDirectory(resolved)) {
      config.problem(key, "'" + shown + "' is a directory, not a " + kind + " file");
      return Optional.empty();
    }
    // A symbolic link inside the directory must not lead out of it either.
    try {
      if (!resolved.toRealPath().startsWith(base.toRealPath())) {
        config.problem(
            key, "must stay inside the data directory, but '" + shown + "' links outside it");
        return Optional.empty();
      }
    } catch (IOException e) {
      config.problem(key, "'" + shown + "' cannot be read (" + e.getClass().getSimpleName() + ")");
      return Optional.empty();
    }
    if (!Files.isReadable(resolved)) {
      config.problem(key, "'" + shown + "' cannot be read; check its permissions");
      return Optional.empty();
    }
    return Optional.of(new DataFile(resolved, shown));
  }
}
