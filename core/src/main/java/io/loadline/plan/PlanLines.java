package io.loadline.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Where a problem's field path stands in a plan's text: the 1-based line of the deepest node of the
 * path that the text has, so that {@code scenarios[0].load.rate} points at the {@code rate} key and
 * a missing {@code scenarios[0].load.rate} at its {@code load} (the root's line for a missing
 * {@code name}). A key's line is the line of the key, a list item's the line of its first token.
 * Text that does not parse has no lines, as its syntax problem already names one; text that opens
 * with <code>{</code> is read as JSON first, then as YAML, like {@link PlanParser}, and only the
 * first YAML document is read. Immutable and thread-safe.
 *
 * <p>A key holding a dot or a bracket cannot be told apart from a deeper path; such a path maps to
 * its nearest plain ancestor.
 */
public final class PlanLines {

  private static final String BYTE_ORDER_MARK = "\uFEFF";
  private static final JsonFactory JSON = new JsonFactory();
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final PlanLines NONE = new PlanLines(Map.of());

  /** Line by path, such as {@code scenarios[0].load} to 4; the root is the empty path. */
  private final Map<String, Integer> lines;

  private PlanLines(Map<String, Integer> lines) {
    this.lines = lines;
  }

  /** The lines of the nodes of {@code source}, a plan's YAML or JSON text. */
  public static PlanLines of(String source) {
    Objects.requireNonNull(source, "source");
    String text = source.startsWith(BYTE_ORDER_MARK) ? source.substring(1) : source;
    if (!text.strip().startsWith("{")) {
      return read(YAML, text);
    }
    PlanLines json = read(JSON, text);
    return json == NONE ? read(YAML, text) : json;
  }

  /**
   * The line of the deepest node of {@code path} that the text has; empty when the text did not
   * parse or the path (say, a plugin's own path) has no node in it.
   */
  public OptionalInt lineOf(String path) {
    String place = Objects.requireNonNull(path, "path");
    while (true) {
      Integer line = lines.get(place);
      if (line != null) {
        return OptionalInt.of(line);
      }
      if (place.isEmpty()) {
        return OptionalInt.empty();
      }
      place = place.substring(0, Math.max(0, Math.max(place.lastIndexOf('.'), lastIndex(place))));
    }
  }

  /** Where the last {@code [n]} of the path opens, or -1 when the path does not end with one. */
  private static int lastIndex(String path) {
    return path.endsWith("]") ? path.lastIndexOf('[') : -1;
  }

  private static PlanLines read(JsonFactory factory, String text) {
    try (JsonParser parser = factory.createParser(text)) {
      return new PlanLines(Map.copyOf(walk(parser)));
    } catch (IOException unparseable) {
      return NONE; // the parser's own syntax problem names the line
    }
  }

  /** Reads the first value of the text, recording the line of every key and list item. */
  private static Map<String, Integer> walk(JsonParser parser) throws IOException {
    Map<String, Integer> lines = new HashMap<>();
    // One entry per open map or list: the path of that container; lists also count their items.
    Deque<String> paths = new ArrayDeque<>();
    Deque<int[]> nextItem = new ArrayDeque<>();
    String pendingKey = "";
    for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
      int line = parser.currentTokenLocation().getLineNr();
      if (token == JsonToken.FIELD_NAME) {
        pendingKey = join(paths.peek(), parser.currentName());
        lines.put(pendingKey, line);
        continue;
      }
      if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
        paths.pop();
        nextItem.pop();
        if (paths.isEmpty()) {
          break; // the first document is read
        }
        continue;
      }
      String path = pathOfValue(paths, nextItem, pendingKey);
      lines.putIfAbsent(path, line);
      if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
        paths.push(path);
        nextItem.push(new int[] {token == JsonToken.START_ARRAY ? 0 : -1});
      } else if (paths.isEmpty()) {
        break; // a scalar document: nothing inside it
      }
    }
    return lines;
  }

  /** The path of the value now read: the pending key in a map, the next index in a list. */
  private static String pathOfValue(Deque<String> paths, Deque<int[]> nextItem, String key) {
    if (paths.isEmpty()) {
      return "";
    }
    int[] index = nextItem.peek();
    if (index[0] < 0) {
      return key;
    }
    return paths.peek() + "[" + index[0]++ + "]";
  }

  private static String join(String parent, String key) {
    return parent == null || parent.isEmpty() ? key : parent + "." + key;
  }
}
