package io.loadline.plugins.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file (RFC 4180) into immutable records, reporting every mistake of its content.
 *
 * <p>The first row is the header and names the fields (spaces around a name are dropped). Fields
 * may be quoted, with commas, quotes ({@code ""}) and line breaks inside; lines end with CRLF or
 * LF; a UTF-8 byte order mark is dropped; empty lines are skipped. The whole file is held in
 * memory, so it suits data sets of up to a few million cells. Not thread-safe; one instance reads
 * one file once.
 */
final class CsvRecords {

  /** Beyond this, rows with the wrong number of fields are counted rather than listed. */
  private static final int MAX_ROW_PROBLEMS = 10;

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private final Path file;
  private final String fileName;
  private final char delimiter;
  private final Consumer<String> problems;
  private int wrongRows;

  /**
   * @param file the file to read, already checked to be inside the data directory
   * @param fileName its name relative to the data directory, for messages
   * @param delimiter the field separator
   * @param problems receives one message for each mistake found
   */
  CsvRecords(Path file, String fileName, char delimiter, Consumer<String> problems) {
    this.file = file;
    this.fileName = fileName;
    this.delimiter = delimiter;
    this.problems = problems;
  }

  /** Every record, or an empty list when the file has a problem (reported to the consumer). */
  List<Map<String, String>> read() {
    String content = readText();
    if (content == null) {
      return List.of();
    }
    List<CSVRecord> rows = parse(content);
    if (rows == null) {
      return List.of();
    }
    if (rows.isEmpty()) {
      problems.accept(
          "'" + fileName + "' is empty; its first line must be a header naming the fields");
      return List.of();
    }
    List<String> header = rows.getFirst().stream().map(String::strip).toList();
    if (!headerIsValid(header)) {
      return List.of();
    }
    List<Map<String, String>> records = toRecords(header, rows.subList(1, rows.size()), content);
    if (records.isEmpty() && wrongRows == 0) {
      problems.accept(
          "'" + fileName + "' has a header but no records; add at least one row below it");
    }
    return records;
  }

  private String readText() {
    try {
      String content = Files.readString(file, StandardCharsets.UTF_8);
      return !content.isEmpty() && content.charAt(0) == BYTE_ORDER_MARK
          ? content.substring(1)
          : content;
    } catch (CharacterCodingException e) {
      problems.accept("'" + fileName + "' is not UTF-8 text; save it as UTF-8");
    } catch (IOException e) {
      problems.accept("'" + fileName + "' cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    return null;
  }

  private List<CSVRecord> parse(String content) {
    CSVFormat format =
        CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
    try (CSVParser parser = CSVParser.parse(content, format)) {
      return parser.getRecords();
    } catch (IOException | UncheckedIOException e) {
      problems.accept("'" + fileName + "' is not valid CSV: " + e.getMessage());
      return null;
    }
  }

  private boolean headerIsValid(List<String> header) {
    boolean valid = true;
    Set<String> seen = new HashSet<>();
    for (int column = 0; column < header.size(); column++) {
      String name = header.get(column);
      if (name.isBlank()) {
        problems.accept(
            "column " + (column + 1) + " of the header of '" + fileName + "' has no name");
        valid = false;
      } else if (!seen.add(name)) {
        problems.accept(
            "the header of '" + fileName + "' names '" + name + "' twice; names must be unique");
        valid = false;
      }
    }
    return valid;
  }

  private List<Map<String, String>> toRecords(
      List<String> header, List<CSVRecord> rows, String content) {
    LineNumbers lines = new LineNumbers(content);
    List<Map<String, String>> records = new ArrayList<>();
    for (CSVRecord row : rows) {
      if (isBlankLine(row, header)) {
        continue;
      }
      if (row.size() != header.size()) {
        wrongRows++;
        if (wrongRows <= MAX_ROW_PROBLEMS) {
          reportWrongFieldCount(row, header, lines);
        }
        continue;
      }
      records.add(toRecord(header, row));
    }
    if (wrongRows > MAX_ROW_PROBLEMS) {
      problems.accept(
          "'"
              + fileName
              + "' has "
              + (wrongRows - MAX_ROW_PROBLEMS)
              + " more rows with the wrong number of fields");
    }
    return Collections.unmodifiableList(records);
  }

  /** A line of only spaces reads as one blank field; it is skipped like an empty line. */
  private static boolean isBlankLine(CSVRecord row, List<String> header) {
    return header.size() > 1 && row.size() == 1 && row.get(0).isBlank();
  }

  private void reportWrongFieldCount(CSVRecord row, List<String> header, LineNumbers lines) {
    problems.accept(
        "line "
            + lines.lineOf(row.getCharacterPosition())
            + " of '"
            + fileName
            + "' has "
            + row.size()
            + " field(s) but the header has "
            + header.size()
            + " ("
            + String.join(String.valueOf(delimiter), header)
            + ")");
  }

  private static Map<String, String> toRecord(List<String> header, CSVRecord row) {
    Map<String, String> record = new LinkedHashMap<>();
    for (int column = 0; column < header.size(); column++) {
      record.put(header.get(column), row.get(column));
    }
    return Collections.unmodifiableMap(record);
  }

  /** Maps a character position of the text to its 1-based line number. */
  private static final class LineNumbers {

    private final String content;
    private final List<Integer> lineStarts = new ArrayList<>();

    LineNumbers(String content) {
      this.content = content;
      lineStarts.add(0);
      for (int position = 0; position < content.length(); position++) {
        char character = content.charAt(position);
        boolean crlf =
            character == '\r'
                && position + 1 < content.length()
                && content.charAt(position + 1) == '\n';
        if ((character == '\n' || character == '\r') && !crlf) {
          lineStarts.add(position + 1);
        }
      }
    }

    /** The line where the record at {@code position} starts, past the empty lines before it. */
    int lineOf(long position) {
      int start = (int) Math.min(position, content.length());
      while (start < content.length() && isLineBreak(content.charAt(start))) {
        start++;
      }
      int index = Collections.binarySearch(lineStarts, start);
      return index >= 0 ? index + 1 : -index - 1;
    }

    private static boolean isLineBreak(char character) {
      return character == '\n' || character == '\r';
    }
  }
}
