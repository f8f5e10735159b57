package io.loadline.web.cli;

import io.loadline.LoadlineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the files a command was asked for ({@code --junit}, {@code report --output}): the parent
 * directories are made as needed, and a failure says which file and why. Stateless.
 */
final class OutputFiles {

  private OutputFiles() {}

  /**
   * Writes {@code text} to {@code file} in UTF-8, replacing it.
   *
   * @param what the file's kind for the message, such as {@code "JUnit report"}
   * @throws LoadlineException naming the file and the reason when it cannot be written
   */
  static void write(Path file, String text, String what) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LoadlineException("Cannot write the " + what + " " + file + ": " + describe(e));
    }
  }

  /** The reason, with the exception's kind when its message is only a path (NoSuchFile...). */
  private static String describe(IOException e) {
    String kind = e.getClass().getSimpleName().replace("Exception", "");
    return e.getMessage() == null ? kind : kind + " (" + e.getMessage() + ")";
  }
}
