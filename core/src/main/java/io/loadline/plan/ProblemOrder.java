package io.loadline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.loadline.spi.ConfigProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * The order in which a plan's problems are shown: the order of their places in the plan's text. A
 * key ranks by where it stands in its map, a list index by its number ({@code scenarios[2]} before
 * {@code scenarios[10]}), a path before the paths inside it, and a key the plan lacks (a missing
 * {@code name}) before the keys its map has. Problems at the same place keep the order they were
 * found in. Immutable and thread-safe; holds the plan's parsed tree.
 */
public final class ProblemOrder {

  /** Without the plan's text: list indices by number, keys in the order they were found. */
  public static final ProblemOrder WITHOUT_TEXT = new ProblemOrder(MissingNode.getInstance());

  private final JsonNode root;

  private ProblemOrder(JsonNode root) {
    this.root = root;
  }

  /** The order of the places in {@code root}, the plan's parsed text. */
  public static ProblemOrder of(JsonNode root) {
    return new ProblemOrder(root == null ? MissingNode.getInstance() : root);
  }

  /** A copy of {@code problems} in this order; stable for problems at the same place. */
  public List<ConfigProblem> sorted(List<ConfigProblem> problems) {
    List<ConfigProblem> sorted = new ArrayList<>(problems);
    sorted.sort(Comparator.comparing(problem -> ranks(problem.path()), ProblemOrder::compare));
    return List.copyOf(sorted);
  }

  /** One rank per segment of the path: a key's place in its map (-1 when absent), an index. */
  private List<Long> ranks(String path) {
    List<Long> ranks = new ArrayList<>();
    JsonNode node = root;
    for (String segment : segments(path)) {
      if (segment.startsWith("[")) {
        long index = index(segment);
        ranks.add(index);
        node = node.isArray() && index < node.size() ? node.get((int) index) : missing();
      } else {
        ranks.add(placeOf(node, segment));
        node = node.isObject() ? node.path(segment) : missing();
      }
    }
    return ranks;
  }

  private static long placeOf(JsonNode map, String key) {
    if (!map.isObject()) {
      return -1;
    }
    long place = 0;
    for (Iterator<String> names = map.fieldNames(); names.hasNext(); place++) {
      if (names.next().equals(key)) {
        return place;
      }
    }
    return -1;
  }

  private static long index(String segment) {
    try {
      return Long.parseLong(segment.substring(1, segment.length() - 1));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // not a number: after every real index
    }
  }

  private static JsonNode missing() {
    return MissingNode.getInstance();
  }

  private static int compare(List<Long> left, List<Long> right) {
    int common = Math.min(left.size(), right.size());
    for (int i = 0; i < common; i++) {
      int order = Long.compare(left.get(i), right.get(i));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(left.size(), right.size());
  }

  /**
   * {@code scenarios[0].load.rate} as {@code scenarios}, {@code [0]}, {@code load}, {@code rate}.
   */
  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char character = path.charAt(i);
      if (character == '.' || character == '[') {
        addIfAny(segments, current);
        if (character == '[') {
          current.append(character);
        }
      } else if (character == ']') {
        current.append(character);
        addIfAny(segments, current);
      } else {
        current.append(character);
      }
    }
    addIfAny(segments, current);
    return segments;
  }

  private static void addIfAny(List<String> segments, StringBuilder current) {
    if (!current.isEmpty()) {
      segments.add(current.toString());
      current.setLength(0);
    }
  }
}
