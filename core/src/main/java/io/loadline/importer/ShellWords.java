package io.loadline.importer;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a POSIX shell command line into words, the way a shell would before running it: single
 * quotes keep everything literally, double quotes keep everything but {@code \"}, {@code \\},
 * {@code \$} and {@code \`} escapes, a backslash outside quotes keeps the next character, and a
 * backslash before a newline joins the lines. Stateless and thread-safe.
 *
 * <p>Known limits: no variable, command or {@code $'...'} expansion (the text stays as written), no
 * globbing, and a {@code ;}, {@code |} or {@code &} is an ordinary character.
 */
public final class ShellWords {

  private ShellWords() {}

  /**
   * The words of {@code line}.
   *
   * @throws ImportException when a quote is left open
   */
  public static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int index = 0;
    while (index < line.length()) {
      char c = line.charAt(index);
      if (c == '\'') {
        int end = line.indexOf('\'', index + 1);
        if (end < 0) {
          throw new ImportException("The command has an unclosed single quote at " + index);
        }
        word.append(line, index + 1, end);
        inWord = true;
        index = end + 1;
      } else if (c == '"') {
        index = doubleQuoted(line, index, word);
        inWord = true;
      } else if (c == '\\') {
        index = escaped(line, index, word);
        inWord = inWord || word.length() > 0;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        index++;
      } else {
        word.append(c);
        inWord = true;
        index++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** Appends a double-quoted part starting at {@code start}; returns the index after it. */
  private static int doubleQuoted(String line, int start, StringBuilder word) {
    int index = start + 1;
    while (index < line.length()) {
      char c = line.charAt(index);
      if (c == '"') {
        return index + 1;
      }
      if (c == '\\'
          && index + 1 < line.length()
          && "\"\\$`\n".indexOf(line.charAt(index + 1)) >= 0) {
        if (line.charAt(index + 1) != '\n') {
          word.append(line.charAt(index + 1));
        }
        index += 2;
      } else {
        word.append(c);
        index++;
      }
    }
    throw new ImportException("The command has an unclosed double quote at " + start);
  }

  /** Appends the character a backslash outside quotes keeps; returns the index after it. */
  private static int escaped(String line, int start, StringBuilder word) {
    if (start + 1 >= line.length()) {
      return start + 1;
    }
    char next = line.charAt(start + 1);
    if (next == '\r' && start + 2 < line.length() && line.charAt(start + 2) == '\n') {
      return start + 3;
    }
    if (next != '\n') {
      word.append(next);
    }
    return start + 2;
  }
}
