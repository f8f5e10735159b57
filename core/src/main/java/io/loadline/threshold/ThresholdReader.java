package io.loadline.threshold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loadline.spi.ConfigProblem;
import io.loadline.spi.PluginConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a plan's {@code thresholds:} list: each element is either the rule as text ({@code p95 <
 * 300ms}) or a map with the rule under {@code threshold} and the optional keys {@code scenario},
 * {@code step}, {@code abortOnFail} and {@code delayAbortEval}. Every problem is collected with its
 * path ({@code thresholds[2].scenario}); a wrong element is left out of the result. Not
 * thread-safe: one per plan walk.
 */
public final class ThresholdReader {

  static final List<String> KEYS =
      List.of("threshold", "scenario", "step", "abortOnFail", "delayAbortEval");

  /** Any run of symbols is taken as the operator, so an unknown one ('~', '=<') is named. */
  private static final Pattern RULE =
      Pattern.compile("\\s*([A-Za-z_][A-Za-z_0-9]*)\\s*([^\\s\\w.]+)?\\s*(.*?)\\s*");

  private static final Pattern BASELINE =
      Pattern.compile("baseline(?:\\s*\\*\\s*([0-9]+(?:\\.[0-9]+)?))?", Pattern.CASE_INSENSITIVE);
  private static final Pattern PERCENTAGE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*%");
  private static final Pattern RATE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(?:/s)?");
  private static final Pattern COUNT = Pattern.compile("[0-9]+");

  private final Map<String, List<String>> stepsByScenario;
  private final List<ConfigProblem> problems = new ArrayList<>();

  /**
   * @param stepsByScenario the plan's scenario names, each with its step names, to check scopes
   */
  public ThresholdReader(Map<String, List<String>> stepsByScenario) {
    // Kept in plan order (Map.copyOf would not), so a problem lists the scenarios as written.
    this.stepsByScenario = Collections.unmodifiableMap(new LinkedHashMap<>(stepsByScenario));
  }

  /** The problems found so far. */
  public List<ConfigProblem> problems() {
    return List.copyOf(problems);
  }

  /** The thresholds of a {@code thresholds} node at {@code path}; empty when it is absent. */
  public List<Threshold> read(JsonNode node, String path) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return List.of();
    }
    if (!(node instanceof ArrayNode list)) {
      problem(path, "must be a list of thresholds such as 'p95 < 300ms'");
      return List.of();
    }
    List<Threshold> thresholds = new ArrayList<>();
    for (int index = 0; index < list.size(); index++) {
      readElement(list.get(index), path + "[" + index + "]").ifPresent(thresholds::add);
    }
    return thresholds;
  }

  /** Parses one rule on its own, such as {@code p95 < 300ms}, for the whole run. */
  public Optional<Threshold> readRule(String rule, String path) {
    return readElement(com.fasterxml.jackson.databind.node.TextNode.valueOf(rule), path);
  }

  private Optional<Threshold> readElement(JsonNode element, String path) {
    if (element != null && element.isTextual()) {
      return parseRule(element.asText(), path, path, null, null, false, Duration.ZERO);
    }
    if (!(element instanceof ObjectNode map)) {
      problem(path, "must be a rule such as 'p95 < 300ms' or a map with a threshold key");
      return Optional.empty();
    }
    int before = problems.size();
    map.fieldNames()
        .forEachRemaining(
            key -> {
              if (!KEYS.contains(key)) {
                problem(path + "." + key, "is not a known key; known keys are " + KEYS);
              }
            });
    JsonNode rule = map.get("threshold");
    String rulePath = path + ".threshold";
    if (rule == null || !rule.isTextual() || rule.asText().isBlank()) {
      problem(rulePath, "is required: a rule such as 'p95 < 300ms'");
    }
    String scenario = optionalText(map, path, "scenario");
    String step = optionalText(map, path, "step");
    boolean abortOnFail = optionalBoolean(map, path, "abortOnFail");
    Duration delay = optionalDuration(map, path, "delayAbortEval");
    scenario = checkScope(scenario, step, path);
    if (problems.size() > before) {
      return Optional.empty();
    }
    return parseRule(rule.asText(), path, rulePath, scenario, step, abortOnFail, delay);
  }

  /** The scenario the scope resolves to (a step alone names the one scenario that has it). */
  private String checkScope(String scenario, String step, String path) {
    if (scenario != null && !stepsByScenario.containsKey(scenario)) {
      problem(
          path + ".scenario",
          "names no scenario of the plan; its scenarios are " + stepsByScenario.keySet());
      return scenario;
    }
    if (step == null) {
      return scenario;
    }
    if (scenario != null) {
      if (!stepsByScenario.get(scenario).contains(step)) {
        problem(
            path + ".step",
            "names no step of scenario '"
                + scenario
                + "'; its steps are "
                + stepsByScenario.get(scenario));
      }
      return scenario;
    }
    List<String> owners =
        stepsByScenario.entrySet().stream()
            .filter(entry -> entry.getValue().contains(step))
            .map(Map.Entry::getKey)
            .toList();
    if (owners.size() == 1) {
      return owners.get(0);
    }
    problem(
        path + ".step",
        owners.isEmpty()
            ? "names no step of any scenario; add scenario: and use one of its step names"
            : "names a step of several scenarios " + owners + "; add scenario: to choose one");
    return null;
  }

  private Optional<Threshold> parseRule(
      String rule,
      String path,
      String rulePath,
      String scenario,
      String step,
      boolean abortOnFail,
      Duration delay) {
    Matcher matcher = RULE.matcher(rule);
    if (!matcher.matches() || matcher.group(3).isEmpty()) {
      problem(
          rulePath, "must read METRIC OPERATOR VALUE such as 'p95 < 300ms', was '" + rule + "'");
      return Optional.empty();
    }
    Optional<ThresholdMetric> metric = ThresholdMetric.byLabel(matcher.group(1));
    if (metric.isEmpty()) {
      problem(
          rulePath,
          "names the unknown metric '"
              + matcher.group(1)
              + "'; known metrics are "
              + ThresholdMetric.labels());
    }
    Optional<ThresholdOperator> operator =
        Optional.ofNullable(matcher.group(2)).flatMap(ThresholdOperator::bySymbol);
    if (operator.isEmpty()) {
      String shown = matcher.group(2) == null ? "none" : "'" + matcher.group(2) + "'";
      problem(
          rulePath,
          "has the operator "
              + shown
              + " in '"
              + rule
              + "'; use one of "
              + ThresholdOperator.symbols());
    }
    if (metric.isEmpty() || operator.isEmpty()) {
      return Optional.empty();
    }
    if (step != null && metric.get() == ThresholdMetric.DROPPED) {
      problem(path + ".step", "cannot scope dropped: arrivals are dropped before any step runs");
      return Optional.empty();
    }
    return parseLimit(metric.get(), matcher.group(3), rulePath)
        .map(
            limit ->
                new Threshold(
                    rule.strip(),
                    path,
                    metric.get(),
                    operator.get(),
                    limit,
                    scenario,
                    step,
                    abortOnFail,
                    delay));
  }

  private Optional<ThresholdLimit> parseLimit(ThresholdMetric metric, String text, String path) {
    Matcher baseline = BASELINE.matcher(text);
    if (baseline.matches()) {
      double factor = baseline.group(1) == null ? 1 : Double.parseDouble(baseline.group(1));
      return Optional.of(new ThresholdLimit.RelativeToBaseline(factor));
    }
    return switch (metric.kind()) {
      case LATENCY -> latencyLimit(text, path);
      case PERCENTAGE -> numberLimit(PERCENTAGE, text, path, "a percentage such as 1% or 99.5%");
      case RATE -> numberLimit(RATE, text, path, "a rate per second such as 900 or 900/s");
      case COUNT -> numberLimit(COUNT, text, path, "a whole number such as 0");
    };
  }

  private Optional<ThresholdLimit> latencyLimit(String text, String path) {
    try {
      Duration duration = PluginConfig.parseDuration(text);
      return Optional.of(new ThresholdLimit.Fixed(duration.toNanos() / 1e6));
    } catch (IllegalArgumentException e) {
      problem(
          path,
          "must compare with a duration such as 300ms or 1.5s, or baseline * 1.1, was '"
              + text
              + "'");
      return Optional.empty();
    }
  }

  private Optional<ThresholdLimit> numberLimit(
      Pattern pattern, String text, String path, String expected) {
    Matcher matcher = pattern.matcher(text);
    if (!matcher.matches()) {
      problem(path, "must compare with " + expected + ", or baseline * 1.1, was '" + text + "'");
      return Optional.empty();
    }
    String number = matcher.groupCount() >= 1 ? matcher.group(1) : matcher.group();
    return Optional.of(new ThresholdLimit.Fixed(Double.parseDouble(number)));
  }

  private String optionalText(ObjectNode map, String path, String key) {
    JsonNode node = map.get(key);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isValueNode() || node.asText().isBlank()) {
      problem(path + "." + key, "must be a " + key + " name");
      return null;
    }
    return node.asText().strip();
  }

  private boolean optionalBoolean(ObjectNode map, String path, String key) {
    JsonNode node = map.get(key);
    if (node == null || node.isNull()) {
      return false;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    problem(path + "." + key, "must be true or false, was '" + node.asText() + "'");
    return false;
  }

  private Duration optionalDuration(ObjectNode map, String path, String key) {
    JsonNode node = map.get(key);
    if (node == null || node.isNull()) {
      return Duration.ZERO;
    }
    try {
      return PluginConfig.parseDuration(node.asText());
    } catch (IllegalArgumentException e) {
      problem(path + "." + key, e.getMessage());
      return Duration.ZERO;
    }
  }

  private void problem(String path, String message) {
    problems.add(new ConfigProblem(path, message));
  }
}
