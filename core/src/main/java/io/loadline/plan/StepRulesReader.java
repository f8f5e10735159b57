package io.loadline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loadline.spi.ConfigProblem;
import io.loadline.spi.PluginConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a step's {@code extract:} and {@code checks:} and the scenario's {@code variables:},
 * recording every problem with its field path. Not thread-safe: one per {@link PlanStructure}.
 */
final class StepRulesReader {

  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
  private static final List<String> SOURCES =
      List.of("json", "regex", "header", "cookie", "status");
  private static final List<String> CHECK_KINDS =
      List.of("status", "bodyContains", "json", "header", "responseTimeBelow");
  private static final List<String> CHECK_KEYS =
      List.of("status", "bodyContains", "json", "equals", "header", "matches", "responseTimeBelow");

  private final List<ConfigProblem> problems;

  StepRulesReader(List<ConfigProblem> problems) {
    this.problems = problems;
  }

  /** The extractions under {@code node} (a map of variable names), in plan order. */
  List<Extraction> readExtractions(JsonNode node, String path) {
    if (isAbsent(node)) {
      return List.of();
    }
    if (!(node instanceof ObjectNode map)) {
      problem(path, "must be a map of variable names to sources such as {json: $.token}");
      return List.of();
    }
    List<Extraction> extractions = new ArrayList<>();
    map.properties()
        .forEach(
            entry -> {
              String variablePath = path + "." + entry.getKey();
              checkVariableName(entry.getKey(), variablePath);
              Extraction extraction =
                  readExtraction(entry.getKey(), entry.getValue(), variablePath);
              if (extraction != null) {
                extractions.add(extraction);
              }
            });
    return extractions;
  }

  private Extraction readExtraction(String variable, JsonNode node, String path) {
    if (node.isTextual() && node.asText().strip().equals("status")) {
      return new Extraction(variable, ExtractionSource.STATUS, "", 0, null, path);
    }
    if (!(node instanceof ObjectNode map)) {
      problem(path, "must be a map with one of " + SOURCES + ", or the text 'status'");
      return null;
    }
    List<String> present = SOURCES.stream().filter(map::has).toList();
    rejectUnknown(
        map, path, List.of("json", "regex", "header", "cookie", "status", "group", "default"));
    if (present.size() != 1) {
      problem(path, "must name exactly one source of " + SOURCES + ", named " + present);
      return null;
    }
    ExtractionSource source = ExtractionSource.valueOf(present.get(0).toUpperCase());
    String expression = source == ExtractionSource.STATUS ? "" : text(map, source.key(), path);
    int group = readGroup(map, source, path);
    String defaultValue =
        map.has("default") ? textOrEmpty(map.get("default"), path + ".default") : null;
    validateExpression(source, expression, path + "." + source.key());
    return new Extraction(variable, source, expression, group, defaultValue, path);
  }

  private int readGroup(ObjectNode map, ExtractionSource source, String path) {
    JsonNode group = map.get("group");
    if (isAbsent(group)) {
      // The first group when the regex has one, else the whole match (as k6 and JMeter users
      // expect of a regex such as 'ok' or 'id=\\d+').
      return source == ExtractionSource.REGEX && groupCount(map.path("regex").asText("")) > 0
          ? 1
          : 0;
    }
    if (source != ExtractionSource.REGEX) {
      problem(path + ".group", "applies to regex only");
      return 0;
    }
    // canConvertToInt alone takes 1.5 (as 1); a group number is whole.
    if (!group.isIntegralNumber() || !group.canConvertToInt() || group.intValue() < 0) {
      problem(path + ".group", "must be a whole number of at least 0, was " + group.asText());
      return 1;
    }
    int groups = groupCount(map.path("regex").asText(""));
    if (groups >= 0 && group.intValue() > groups) {
      problem(
          path + ".group", "is " + group.intValue() + " but the regex has " + groups + " group(s)");
    }
    return group.intValue();
  }

  /** The regex's number of groups, or -1 when it is not valid (reported with the regex itself). */
  private static int groupCount(String regex) {
    try {
      return Pattern.compile(regex).matcher("").groupCount();
    } catch (PatternSyntaxException e) {
      return -1;
    }
  }

  private void validateExpression(ExtractionSource source, String expression, String path) {
    switch (source) {
      case JSON -> validateJsonPath(expression, path);
      case REGEX -> validateRegex(expression, path);
      case HEADER, COOKIE -> {
        if (expression.isBlank()) {
          problem(path, "must name a " + source.key());
        }
      }
      case STATUS -> {}
    }
  }

  /** The checks under {@code node} (a list), in plan order. */
  List<Check> readChecks(JsonNode node, String path) {
    if (isAbsent(node)) {
      return List.of();
    }
    if (!(node instanceof ArrayNode list)) {
      problem(path, "must be a list of checks such as - status: [200]");
      return List.of();
    }
    List<Check> checks = new ArrayList<>();
    for (int index = 0; index < list.size(); index++) {
      String checkPath = path + "[" + index + "]";
      Check check = readCheck(list.get(index), checkPath);
      if (check != null) {
        checks.add(check);
      }
    }
    return checks;
  }

  private Check readCheck(JsonNode node, String path) {
    if (!(node instanceof ObjectNode map)) {
      problem(path, "must be a map with one of " + CHECK_KINDS);
      return null;
    }
    List<String> present = CHECK_KINDS.stream().filter(map::has).toList();
    if (present.size() != 1) {
      // A misspelt check (statuss: 200) names no known kind: say which key is unknown, as an
      // extraction does, or the message alone gives no hint of the typo.
      rejectUnknown(map, path, CHECK_KEYS);
      problem(path, "must name exactly one check of " + CHECK_KINDS + ", named " + present);
      return null;
    }
    String kind = present.get(0);
    String kindPath = path + "." + kind;
    return switch (kind) {
      case "status" -> {
        rejectUnknown(map, path, List.of("status"));
        yield new Check.StatusIn(readStatuses(map.get("status"), kindPath), path);
      }
      case "bodyContains" -> {
        rejectUnknown(map, path, List.of("bodyContains"));
        yield new Check.BodyContains(text(map, "bodyContains", path), path);
      }
      case "json" -> {
        rejectUnknown(map, path, List.of("json", "equals"));
        String jsonPath = text(map, "json", path);
        validateJsonPath(jsonPath, kindPath);
        if (!map.has("equals")) {
          problem(path + ".equals", "is required (the expected value, as text)");
        }
        yield new Check.JsonPathEquals(jsonPath, textOrEmpty(map.get("equals"), path), path);
      }
      case "header" -> {
        rejectUnknown(map, path, List.of("header", "matches"));
        String regex = text(map, "matches", path);
        validateRegex(regex, path + ".matches");
        yield new Check.HeaderMatches(text(map, "header", path), regex, path);
      }
      default -> {
        rejectUnknown(map, path, List.of("responseTimeBelow"));
        yield new Check.ResponseTimeBelow(readLimit(map.get(kind), kindPath), path);
      }
    };
  }

  private Set<Integer> readStatuses(JsonNode node, String path) {
    List<JsonNode> values = new ArrayList<>();
    if (node instanceof ArrayNode list) {
      list.forEach(values::add);
    } else {
      values.add(node);
    }
    Set<Integer> statuses = new LinkedHashSet<>();
    for (JsonNode value : values) {
      int status = value.canConvertToInt() ? value.intValue() : parseInt(value.asText());
      if (status < 100 || status > 599) {
        problem(path, "must be status codes from 100 to 599, was " + value.asText());
      } else {
        statuses.add(status);
      }
    }
    if (statuses.isEmpty() && values.isEmpty()) {
      problem(path, "must list at least one status code");
    }
    return statuses;
  }

  private Duration readLimit(JsonNode node, String path) {
    try {
      return PluginConfig.parsePositiveDuration(node.asText());
    } catch (IllegalArgumentException e) {
      problem(path, e.getMessage());
    }
    return Duration.ofDays(1);
  }

  /** A think-time step: {@code think} alone, with no request, extract or checks. */
  StepPlan readThinkStep(ObjectNode step, String path, String name) {
    for (String key : List.of("request", "extract", "checks")) {
      if (step.has(key)) {
        problem(path + "." + key, "does not go with think: a step either pauses or sends");
      }
    }
    String thinkPath = path + ".think";
    return new StepPlan(
        name,
        thinkPath,
        java.util.Map.of(),
        List.of(),
        List.of(),
        readThink(step.get("think"), thinkPath));
  }

  private ThinkTime readThink(JsonNode node, String path) {
    if (node != null && node.isValueNode()) {
      return new ThinkTime(ThinkTime.Kind.FIXED, duration(node, path), Duration.ZERO);
    }
    if (node instanceof ObjectNode map && map.has("min") && map.has("max")) {
      rejectUnknown(map, path, List.of("min", "max"));
      Duration min = duration(map.get("min"), path + ".min");
      Duration max = duration(map.get("max"), path + ".max");
      if (max.compareTo(min) < 0) {
        problem(path + ".max", "must not be below min");
      }
      return new ThinkTime(ThinkTime.Kind.UNIFORM, min, max);
    }
    if (node instanceof ObjectNode map && map.has("mean")) {
      rejectUnknown(map, path, List.of("mean", "stddev"));
      Duration mean = duration(map.get("mean"), path + ".mean");
      Duration stddev =
          map.has("stddev") ? duration(map.get("stddev"), path + ".stddev") : Duration.ZERO;
      return new ThinkTime(ThinkTime.Kind.GAUSSIAN, mean, stddev);
    }
    problem(
        path, "must be a duration (2s), a range {min: 1s, max: 3s} or {mean: 2s, stddev: 500ms}");
    return new ThinkTime(ThinkTime.Kind.FIXED, Duration.ZERO, Duration.ZERO);
  }

  private Duration duration(JsonNode node, String path) {
    try {
      return PluginConfig.parseDuration(node == null ? "" : node.asText());
    } catch (IllegalArgumentException e) {
      problem(path, e.getMessage());
      return Duration.ZERO;
    }
  }

  /** The scenario's declared variables: a map of names to text values. */
  java.util.Map<String, String> readVariables(JsonNode node, String path) {
    java.util.Map<String, String> variables = new java.util.LinkedHashMap<>();
    if (isAbsent(node)) {
      return variables;
    }
    if (!(node instanceof ObjectNode map)) {
      problem(path, "must be a map of variable names to text values");
      return variables;
    }
    map.properties()
        .forEach(
            entry -> {
              String entryPath = path + "." + entry.getKey();
              checkVariableName(entry.getKey(), entryPath);
              variables.put(entry.getKey(), textOrEmpty(entry.getValue(), entryPath));
            });
    return variables;
  }

  private void checkVariableName(String name, String path) {
    if (!VARIABLE_NAME.matcher(name).matches()) {
      problem(
          path,
          "is not a usable variable name: start with a letter or _, then letters,"
              + " digits, _, . or -");
    }
  }

  private void validateJsonPath(String expression, String path) {
    RuleExpressions.jsonPath(expression, path, problems);
  }

  private void validateRegex(String regex, String path) {
    RuleExpressions.regex(regex, path, problems);
  }

  private String text(ObjectNode map, String key, String path) {
    JsonNode node = map.get(key);
    if (isAbsent(node) || !node.isValueNode()) {
      problem(path + "." + key, "must be a text value");
      return "";
    }
    return node.asText();
  }

  private String textOrEmpty(JsonNode node, String path) {
    if (isAbsent(node)) {
      return "";
    }
    if (!node.isValueNode()) {
      problem(path, "must be a text value, was " + PlanStructure.describe(node));
      return "";
    }
    return node.asText();
  }

  private void rejectUnknown(ObjectNode map, String path, List<String> known) {
    map.fieldNames()
        .forEachRemaining(
            key -> {
              if (!known.contains(key)) {
                problem(path + "." + key, "is not a known key here; known keys are " + known);
              }
            });
  }

  private void problem(String path, String message) {
    problems.add(new ConfigProblem(path, message));
  }

  private static int parseInt(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }
}
