package io.loadline.plan;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A test a flow makes on the iteration so far, for {@code if:} and {@code while:}: small and safe
 * on purpose (no script engine). Immutable and thread-safe.
 *
 * <ul>
 *   <li>{@code {var: name, equals: value}}: the variable is defined and equals the text;
 *   <li>{@code {var: name, matches: regex}}: the variable is defined and the whole value matches;
 *   <li>{@code {var: name, exists: true}}: the variable is defined (or, with false, is not);
 *   <li>{@code {status: 200}} or {@code {status: [200, 204]}}: the last request of the iteration
 *       ended with one of these statuses (0 is no response; false before any request);
 *   <li>{@code {not: condition}}: the opposite.
 * </ul>
 */
public sealed interface Condition {

  /** Whether the condition holds for these variables and the last request's status (-1: none). */
  boolean holds(Map<String, String> variables, int lastStatus);

  /** {@code {var: name, equals: value}}. */
  record VariableEquals(String variable, String value) implements Condition {
    public VariableEquals {
      Objects.requireNonNull(variable, "variable");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean holds(Map<String, String> variables, int lastStatus) {
      return value.equals(variables.get(variable));
    }
  }

  /** {@code {var: name, matches: regex}}; the whole value must match. */
  record VariableMatches(String variable, Pattern pattern) implements Condition {
    public VariableMatches {
      Objects.requireNonNull(variable, "variable");
      Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    public boolean holds(Map<String, String> variables, int lastStatus) {
      String actual = variables.get(variable);
      return actual != null && pattern.matcher(actual).matches();
    }
  }

  /** {@code {var: name, exists: true|false}}. */
  record VariableExists(String variable, boolean exists) implements Condition {
    public VariableExists {
      Objects.requireNonNull(variable, "variable");
    }

    @Override
    public boolean holds(Map<String, String> variables, int lastStatus) {
      return variables.containsKey(variable) == exists;
    }
  }

  /** {@code {status: 200}}: the last request's status is in the set. */
  record StatusIn(Set<Integer> statuses) implements Condition {
    public StatusIn {
      statuses = Set.copyOf(statuses);
    }

    @Override
    public boolean holds(Map<String, String> variables, int lastStatus) {
      return statuses.contains(lastStatus);
    }
  }

  /** {@code {not: condition}}. */
  record Not(Condition condition) implements Condition {
    public Not {
      Objects.requireNonNull(condition, "condition");
    }

    @Override
    public boolean holds(Map<String, String> variables, int lastStatus) {
      return !condition.holds(variables, lastStatus);
    }
  }
}
