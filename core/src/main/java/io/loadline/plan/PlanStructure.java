package io.loadline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loadline.spi.ConfigProblem;
import io.loadline.spi.PluginConfig;
import io.loadline.threshold.Threshold;
import io.loadline.threshold.ThresholdReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One walk over a plan's tree: builds the best-effort {@link Plan} and collects every structural
 * problem, going on after each so that all are found. Not thread-safe: {@link PlanParser} makes one
 * per parse.
 */
final class PlanStructure {

  static final List<String> PLAN_KEYS =
      List.of("name", "timeout", "maxInFlight", "gracefulStop", "load", "scenarios", "thresholds");
  static final List<String> SCENARIO_KEYS =
      List.of("name", "load", "weight", "protocol", "feeder", "variables", "seed", "steps");
  static final List<String> STEP_KEYS =
      List.of("name", "request", "extract", "checks", "think", "group", "if", "choose");

  static final String PLACEHOLDER_PLAN_NAME = "unnamed plan";
  static final String DEFAULT_PROTOCOL = "http";

  private final List<ConfigProblem> problems = new ArrayList<>();
  private final StepRulesReader rules = new StepRulesReader(problems);

  List<ConfigProblem> problems() {
    return List.copyOf(problems);
  }

  Plan readPlan(ObjectNode plan) {
    rejectUnknownKeys(plan, "", PLAN_KEYS);
    String name = requireText(plan, "", "name", PLACEHOLDER_PLAN_NAME);
    Duration timeout = optionalDuration(plan, "", "timeout", false);
    Integer maxInFlight = optionalPositiveInt(plan, "", "maxInFlight");
    Duration gracefulStop = optionalDuration(plan, "", "gracefulStop", true);
    PluginRef sharedLoad = plan.has("load") ? readLoad(plan.get("load"), "load") : null;
    List<ScenarioPlan> scenarios = readScenarios(plan.get("scenarios"), sharedLoad);
    if (sharedLoad != null && scenarios.stream().noneMatch(ScenarioPlan::sharesPlanLoad)) {
      problem(
          "load",
          "is shared by no scenario: every scenario has its own load; remove this one, or remove"
              + " the load of the scenarios that should share it by weight");
    }
    List<Threshold> thresholds = readThresholds(plan.get("thresholds"), scenarios);
    return new Plan(name, timeout, maxInFlight, gracefulStop, scenarios, thresholds, sharedLoad);
  }

  private List<Threshold> readThresholds(JsonNode thresholds, List<ScenarioPlan> scenarios) {
    Map<String, List<String>> stepsByScenario = new LinkedHashMap<>();
    for (ScenarioPlan scenario : scenarios) {
      stepsByScenario.putIfAbsent(
          scenario.name(), scenario.steps().stream().map(StepPlan::name).toList());
    }
    ThresholdReader reader = new ThresholdReader(stepsByScenario);
    List<Threshold> read = reader.read(thresholds, "thresholds");
    problems.addAll(reader.problems());
    return read;
  }

  private List<ScenarioPlan> readScenarios(JsonNode scenarios, PluginRef sharedLoad) {
    List<JsonNode> elements =
        requireNonEmptyList(scenarios, "scenarios", "scenario", "a list of at least one scenario");
    List<ScenarioPlan> result = new ArrayList<>();
    Map<String, String> pathByName = new HashMap<>();
    for (int index = 0; index < elements.size(); index++) {
      String path = "scenarios[" + index + "]";
      ObjectNode scenario = elementMap(elements.get(index), path);
      if (scenario == null) {
        continue;
      }
      ScenarioPlan plan = readScenario(scenario, path, index, sharedLoad);
      String earlier = pathByName.putIfAbsent(plan.name(), path);
      if (earlier != null && hasText(scenario.get("name"))) {
        problem(
            path + ".name",
            "duplicates the name '"
                + plan.name()
                + "' of "
                + earlier
                + "; scenario names must be unique in a plan");
      }
      result.add(plan);
    }
    return result;
  }

  private ScenarioPlan readScenario(
      ObjectNode scenario, String path, int index, PluginRef sharedLoad) {
    rejectUnknownKeys(scenario, path, SCENARIO_KEYS);
    String name = requireText(scenario, path, "name", "scenario " + (index + 1));
    Integer weight = optionalPositiveInt(scenario, path, "weight");
    PluginRef load;
    if (scenario.has("load") || sharedLoad == null) {
      load = readLoad(scenario.get("load"), path + ".load");
      if (weight != null) {
        problem(
            path + ".weight",
            sharedLoad == null
                ? "needs a plan-level load to share; add one, or remove this weight"
                : "applies only to a scenario sharing the plan-level load, but this one has its"
                    + " own; remove its load or its weight");
        weight = null;
      }
    } else {
      load = sharedLoad;
      weight = weight == null ? 1 : weight;
    }
    PluginRef protocol = readProtocol(scenario.get("protocol"), path + ".protocol");
    PluginRef feeder = readFeeder(scenario.get("feeder"), path + ".feeder");
    Map<String, String> variables =
        rules.readVariables(scenario.get("variables"), path + ".variables");
    FlowReader flowReader = new FlowReader(problems, this::readStep);
    List<FlowNode> flow = flowReader.readSteps(scenario.get("steps"), path + ".steps");
    List<StepPlan> steps = flowReader.steps();
    Long seed = optionalWholeNumber(scenario, path, "seed");
    return new ScenarioPlan(
        name, path, load, protocol, feeder, steps, variables, flow, weight, seed);
  }

  private PluginRef readLoad(JsonNode load, String path) {
    if (isAbsent(load)) {
      problem(path, "is required (a map naming a rate model, such as model: constant)");
      return new PluginRef("", path, Map.of());
    }
    return readPluginRef(load, path, "model", "a rate-model plugin id such as constant", null);
  }

  private PluginRef readProtocol(JsonNode protocol, String path) {
    if (isAbsent(protocol)) {
      return new PluginRef(DEFAULT_PROTOCOL, path, Map.of());
    }
    return readPluginRef(
        protocol, path, "type", "a protocol plugin id such as http", DEFAULT_PROTOCOL);
  }

  private PluginRef readFeeder(JsonNode feeder, String path) {
    if (isAbsent(feeder)) {
      return null;
    }
    return readPluginRef(feeder, path, "type", "a feeder plugin id such as csv", null);
  }

  /**
   * A plugin reference from a map whose {@code idKey} names the plugin and whose other keys are its
   * settings; the id is {@code defaultId} when the key is missing, or required when that is null.
   */
  private PluginRef readPluginRef(
      JsonNode node, String path, String idKey, String idHint, String defaultId) {
    if (!(node instanceof ObjectNode map)) {
      problem(path, "must be a map naming " + idHint + ", was " + describe(node));
      return new PluginRef(defaultId == null ? "" : defaultId, path, Map.of());
    }
    String id;
    if (defaultId != null && isAbsent(map.get(idKey))) {
      id = defaultId;
    } else {
      id = requireText(map, path, idKey, "", "(" + idHint + ")");
    }
    Map<String, Object> settings = toMap(map);
    settings.remove(idKey);
    return new PluginRef(id, path, settings);
  }

  /** A request or think step (a leaf of the scenario's flow). */
  private StepPlan readStep(ObjectNode step, String path, String defaultName) {
    rejectUnknownKeys(step, path, STEP_KEYS);
    String name = defaultName;
    if (!isAbsent(step.get("name"))) {
      name = requireText(step, path, "name", name);
    }
    if (step.has("think")) {
      return rules.readThinkStep(step, path, name);
    }
    String requestPath = path + ".request";
    JsonNode request = step.get("request");
    if (isAbsent(request)) {
      problem(requestPath, "is required (the protocol's settings, such as method and url)");
      return new StepPlan(name, requestPath, Map.of());
    }
    if (!(request instanceof ObjectNode requestMap)) {
      problem(requestPath, "must be a map of the protocol's settings, was " + describe(request));
      return new StepPlan(name, requestPath, Map.of());
    }
    List<Extraction> extract = rules.readExtractions(step.get("extract"), path + ".extract");
    List<Check> checks = rules.readChecks(step.get("checks"), path + ".checks");
    return new StepPlan(name, requestPath, toMap(requestMap), extract, checks, null);
  }

  /** The elements of a required, non-empty list, or none after a problem. */
  private List<JsonNode> requireNonEmptyList(
      JsonNode node, String path, String elementName, String hint) {
    if (isAbsent(node)) {
      problem(path, "is required (" + hint + ")");
      return List.of();
    }
    if (!(node instanceof ArrayNode list)) {
      problem(path, "must be " + hint + ", was " + describe(node));
      return List.of();
    }
    if (list.isEmpty()) {
      problem(path, "must hold at least one " + elementName);
      return List.of();
    }
    List<JsonNode> elements = new ArrayList<>();
    list.forEach(elements::add);
    return elements;
  }

  /** The element as a map, or null after a problem at its path. */
  private ObjectNode elementMap(JsonNode element, String path) {
    if (element instanceof ObjectNode map) {
      return map;
    }
    problem(path, "must be a map, was " + describe(element));
    return null;
  }

  private String requireText(ObjectNode map, String path, String key, String placeholder) {
    return requireText(map, path, key, placeholder, "");
  }

  private String requireText(
      ObjectNode map, String path, String key, String placeholder, String hint) {
    JsonNode node = map.get(key);
    String keyPath = pathOf(path, key);
    String suffix = hint.isEmpty() ? "" : " " + hint;
    if (isAbsent(node)) {
      problem(keyPath, "is required" + suffix);
      return placeholder;
    }
    if (!node.isValueNode()) {
      problem(keyPath, "must be a text value" + suffix + ", was " + describe(node));
      return placeholder;
    }
    String text = node.asText();
    if (text.isBlank()) {
      problem(keyPath, "must not be blank" + suffix);
      return placeholder;
    }
    if (!isOneLine(text)) {
      problem(keyPath, NOT_ONE_LINE + suffix);
      return placeholder;
    }
    return text.strip();
  }

  /** The problem of a name that is not one line of text. */
  static final String NOT_ONE_LINE =
      "must not contain control characters such as line breaks or tabs";

  /**
   * Whether a name is one line of text: no control character and no Unicode line or paragraph
   * separator. Names reach log lines, table rows, report files and Prometheus labels, where a line
   * break would split them and an escape character could forge them.
   */
  static boolean isOneLine(String text) {
    return text.strip()
        .codePoints()
        .noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029');
  }

  private Duration optionalDuration(ObjectNode map, String path, String key, boolean zeroAllowed) {
    JsonNode node = map.get(key);
    String keyPath = pathOf(path, key);
    if (isAbsent(node)) {
      return null;
    }
    if (!node.isValueNode()) {
      problem(keyPath, "must be a duration such as 250ms, 30s or 5m, was " + describe(node));
      return null;
    }
    Duration duration;
    try {
      duration =
          zeroAllowed
              ? PluginConfig.parseDuration(node.asText())
              : PluginConfig.parsePositiveDuration(node.asText());
    } catch (IllegalArgumentException e) {
      problem(keyPath, e.getMessage());
      return null;
    }
    return duration;
  }

  private Integer optionalPositiveInt(ObjectNode map, String path, String key) {
    JsonNode node = map.get(key);
    if (isAbsent(node)) {
      return null;
    }
    Integer number = null;
    if (node.isIntegralNumber() && node.canConvertToInt()) {
      number = node.intValue();
    } else if (node.isTextual()) {
      try {
        number = Integer.valueOf(node.asText().strip());
      } catch (NumberFormatException e) {
        number = null;
      }
    }
    if (number == null || number < 1) {
      String shown = node.isValueNode() ? node.asText() : describe(node);
      problem(pathOf(path, key), "must be a whole number of at least 1, was " + shown);
      return null;
    }
    return number;
  }

  /** A whole number of any sign that fits a long (a seed), or null when absent or wrong. */
  private Long optionalWholeNumber(ObjectNode map, String path, String key) {
    JsonNode node = map.get(key);
    if (isAbsent(node)) {
      return null;
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isTextual()) {
      try {
        return Long.valueOf(node.asText().strip());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    String shown = node.isValueNode() ? node.asText() : describe(node);
    problem(
        pathOf(path, key),
        "must be a whole number from "
            + Long.MIN_VALUE
            + " to "
            + Long.MAX_VALUE
            + ", was "
            + shown);
    return null;
  }

  private void rejectUnknownKeys(ObjectNode map, String path, List<String> knownKeys) {
    map.fieldNames()
        .forEachRemaining(
            key -> {
              if (!knownKeys.contains(key)) {
                problem(pathOf(path, key), "is not a known key; known keys are " + knownKeys);
              }
            });
  }

  private void problem(String path, String message) {
    problems.add(new ConfigProblem(path, message));
  }

  private static String pathOf(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static boolean hasText(JsonNode node) {
    return !isAbsent(node) && node.isValueNode() && !node.asText().isBlank();
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  /** What a user would call the node's type, such as {@code a list}. */
  static String describe(JsonNode node) {
    if (isAbsent(node)) {
      return "nothing";
    }
    if (node.isObject()) {
      return "a map";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isNumber()) {
      return "the number " + node.asText();
    }
    if (node.isBoolean()) {
      return "the boolean " + node.asText();
    }
    return "the text '" + node.asText() + "'";
  }

  /** The plain Java form plugins read: maps, lists, strings, numbers, booleans and nulls. */
  private static Map<String, Object> toMap(ObjectNode map) {
    Map<String, Object> values = new LinkedHashMap<>();
    map.properties().forEach(entry -> values.put(entry.getKey(), toValue(entry.getValue())));
    return values;
  }

  private static Object toValue(JsonNode node) {
    if (node instanceof ObjectNode map) {
      return toMap(map);
    }
    if (node instanceof ArrayNode list) {
      List<Object> values = new ArrayList<>();
      list.forEach(element -> values.add(toValue(element)));
      return values;
    }
    if (isAbsent(node)) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      if (node.canConvertToInt()) {
        return node.intValue();
      }
      return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return node.asText();
  }
}
