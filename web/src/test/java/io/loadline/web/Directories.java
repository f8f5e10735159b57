package io.loadline.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-system conditions for tests, such as a data directory that has gone away. */
public final class Directories {

  private Directories() {}

  /** Deletes {@code directory} and everything in it, deepest first. */
  public static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
