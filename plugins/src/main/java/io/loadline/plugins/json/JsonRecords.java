package io.loadline.plugins.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.loadline.plugins.feeder.DataFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a JSON feeder file into immutable records, reporting every mistake of its content.
 *
 * <p>Two layouts, told apart by the first character that is not a space: {@code [} is an array of
 * objects; <code>{</code> is JSON lines, one object after another (one per line, though an object
 * may span lines). Each object is a record; its values become text: strings as they are, numbers as
 * written (in plain notation), booleans as {@code true}/{@code false}, {@code null} as the empty
 * string, nested objects and arrays as their compact JSON text. A UTF-8 byte order mark is dropped;
 * a key given twice in one object is a mistake. The whole file is held in memory. Not thread-safe;
 * one instance reads one file once.
 */
final class JsonRecords {

  /** Beyond this, elements that are not objects are counted rather than listed. */
  private static final int MAX_ELEMENT_PROBLEMS = 10;

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private final DataFile file;
  private final Consumer<String> problems;
  private int wrongElements;

  /**
   * @param file the file to read, already checked to be inside the data directory
   * @param problems receives one message for each mistake found
   */
  JsonRecords(DataFile file, Consumer<String> problems) {
    this.file = file;
    this.problems = problems;
  }

  /** Every record, or an empty list when the file has a problem (reported to the consumer). */
  List<Map<String, String>> read() {
    String content = readText();
    if (content == null) {
      return List.of();
    }
    String start = content.strip();
    if (start.isEmpty()) {
      problems.accept(
          "'" + name() + "' is empty; write an array of objects or one object per line");
      return List.of();
    }
    List<Map<String, String>> records =
        switch (start.charAt(0)) {
          case '[' -> readArray(content);
          case '{' -> readLines(content);
          default -> {
            problems.accept(
                "'"
                    + name()
                    + "' must hold an array of objects or one object per line (JSON lines), but"
                    + " it starts with '"
                    + start.charAt(0)
                    + "'");
            yield List.of();
          }
        };
    reportMoreWrongElements();
    return records;
  }

  private List<Map<String, String>> readArray(String content) {
    JsonNode root;
    try {
      root = MAPPER.readTree(content);
    } catch (JsonProcessingException e) {
      reportInvalid(e);
      return List.of();
    }
    List<Map<String, String>> records = new ArrayList<>();
    for (int index = 0; index < root.size(); index++) {
      JsonNode element = root.get(index);
      if (element.isObject()) {
        records.add(toRecord(element));
      } else {
        reportWrongElement("element " + index, element);
      }
    }
    if (root.isEmpty()) {
      problems.accept("'" + name() + "' is an empty array; add at least one object to it");
    }
    return Collections.unmodifiableList(records);
  }

  private List<Map<String, String>> readLines(String content) {
    List<Map<String, String>> records = new ArrayList<>();
    try (JsonParser parser = MAPPER.createParser(content);
        MappingIterator<JsonNode> values = MAPPER.readerFor(JsonNode.class).readValues(parser)) {
      while (values.hasNextValue()) {
        JsonLocation location = parser.currentTokenLocation();
        JsonNode value = values.nextValue();
        if (value.isObject()) {
          records.add(toRecord(value));
        } else {
          reportWrongElement("line " + location.getLineNr(), value);
        }
      }
    } catch (JsonProcessingException e) {
      reportInvalid(e);
      return List.of();
    } catch (IOException | UncheckedIOException e) {
      problems.accept("'" + name() + "' cannot be read (" + e.getClass().getSimpleName() + ")");
      return List.of();
    }
    return Collections.unmodifiableList(records);
  }

  private static Map<String, String> toRecord(JsonNode object) {
    Map<String, String> record = new LinkedHashMap<>();
    object.properties().forEach(field -> record.put(field.getKey(), text(field.getValue())));
    return Collections.unmodifiableMap(record);
  }

  /** The value as a record holds it: text, whatever its JSON type. */
  static String text(JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isNull()) {
      return "";
    }
    if (value.isFloatingPointNumber()) {
      return value.decimalValue().toPlainString();
    }
    if (value.isContainerNode()) {
      return value.toString();
    }
    return value.asText();
  }

  private String readText() {
    try {
      String content = Files.readString(file.path(), StandardCharsets.UTF_8);
      return !content.isEmpty() && content.charAt(0) == BYTE_ORDER_MARK
          ? content.substring(1)
          : content;
    } catch (CharacterCodingException e) {
      problems.accept("'" + name() + "' is not UTF-8 text; save it as UTF-8");
    } catch (IOException e) {
      problems.accept("'" + name() + "' cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    return null;
  }

  private void reportInvalid(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    String where =
        location == null
            ? ""
            : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    problems.accept("'" + name() + "' is not valid JSON" + where + ": " + e.getOriginalMessage());
  }

  private void reportWrongElement(String where, JsonNode value) {
    wrongElements++;
    if (wrongElements <= MAX_ELEMENT_PROBLEMS) {
      problems.accept(
          where
              + " of '"
              + name()
              + "' is "
              + describe(value)
              + ", not an object; each record must be an object such as {\"id\": 1}");
    }
  }

  private void reportMoreWrongElements() {
    if (wrongElements > MAX_ELEMENT_PROBLEMS) {
      problems.accept(
          "'"
              + name()
              + "' has "
              + (wrongElements - MAX_ELEMENT_PROBLEMS)
              + " more values that are not objects");
    }
  }

  private static String describe(JsonNode value) {
    return switch (value.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private String name() {
    return file.displayName();
  }
}
