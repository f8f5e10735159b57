package io.loadline.plan;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One assertion on a step's response ({@code checks:} on a step). Immutable. Each check has a
 * stable {@link #name()} under which its passes and failures are counted.
 */
public sealed interface Check {

  /** The name the check is counted under, such as {@code status in [200, 201]}. */
  String name();

  /** The field path of the check in the plan. */
  String path();

  /** Whether the check reads the response body. */
  default boolean readsBody() {
    return false;
  }

  /** The status code is one of {@code statuses}. */
  record StatusIn(Set<Integer> statuses, String path) implements Check {
    public StatusIn {
      statuses = Set.copyOf(statuses);
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String name() {
      return "status in " + new TreeSet<>(statuses);
    }
  }

  /** The body text contains {@code text}. */
  record BodyContains(String text, String path) implements Check {
    @Override
    public String name() {
      return "body contains '" + text + "'";
    }

    @Override
    public boolean readsBody() {
      return true;
    }
  }

  /** The JSONPath's value in the JSON body, as text, equals {@code expected}. */
  record JsonPathEquals(String jsonPath, String expected, String path) implements Check {
    @Override
    public String name() {
      return "json " + jsonPath + " == '" + expected + "'";
    }

    @Override
    public boolean readsBody() {
      return true;
    }
  }

  /** The header (name ignoring case) is present and its value matches {@code regex} entirely. */
  record HeaderMatches(String header, String regex, String path) implements Check {
    @Override
    public String name() {
      return "header " + header + " matches '" + regex + "'";
    }
  }

  /** The step's latency (from its intended start) is below {@code limit}. */
  record ResponseTimeBelow(Duration limit, String path) implements Check {
    @Override
    public String name() {
      return "response time < " + limit.toMillis() + "ms";
    }
  }
}
