package io.loadline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loadline.spi.ConfigProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one scenario's {@code steps:} into its flow: request and think steps (read by the {@link
 * LeafReader} it is given) and the compound steps {@code group} (repeat or while), {@code if} and
 * {@code choose} that nest them, recording every problem with its full path, such as {@code
 * scenarios[0].steps[2].choose[1].weight}. Leaves are collected in plan order into {@link
 * #steps()}; their names are unique in the scenario, and an unnamed one is {@code step N} where N
 * counts the request and think steps of the scenario so far. Not thread-safe: one per scenario.
 */
final class FlowReader {

  /** Reads a request or think step (a leaf of the flow). */
  @FunctionalInterface
  interface LeafReader {
    StepPlan read(ObjectNode step, String path, String defaultName);
  }

  /** The safety cap on the passes of a {@code while} group that sets no maxIterations. */
  static final int DEFAULT_MAX_ITERATIONS = 1000;

  static final List<String> STEP_KINDS = List.of("request", "think", "group", "if", "choose");
  static final List<String> COMPOUND_KINDS = List.of("group", "if", "choose");
  static final List<String> GROUP_STEP_KEYS = List.of("name", "group");
  static final List<String> GROUP_KEYS = List.of("repeat", "while", "maxIterations", "steps");
  static final List<String> IF_STEP_KEYS = List.of("name", "if", "steps", "else");
  static final List<String> CHOOSE_STEP_KEYS = List.of("name", "choose");
  static final List<String> BRANCH_KEYS = List.of("weight", "steps");
  static final List<String> CONDITION_KEYS =
      List.of("var", "equals", "matches", "exists", "status", "not");

  private static final String STEPS_HINT = "a list of at least one step with a request";

  private final List<ConfigProblem> problems;
  private final LeafReader leaves;
  private final List<StepPlan> steps = new ArrayList<>();
  private final Map<String, String> pathByName = new HashMap<>();

  FlowReader(List<ConfigProblem> problems, LeafReader leaves) {
    this.problems = problems;
    this.leaves = leaves;
  }

  /** The request and think steps read so far, in plan order. */
  List<StepPlan> steps() {
    return List.copyOf(steps);
  }

  /** Reads a required, non-empty list of steps at {@code path}. */
  List<FlowNode> readSteps(JsonNode node, String path) {
    List<FlowNode> flow = new ArrayList<>();
    List<JsonNode> elements = requireNonEmptyList(node, path, "step", STEPS_HINT);
    for (int index = 0; index < elements.size(); index++) {
      String stepPath = path + "[" + index + "]";
      if (!(elements.get(index) instanceof ObjectNode step)) {
        problem(stepPath, "must be a map, was " + PlanStructure.describe(elements.get(index)));
        continue;
      }
      FlowNode read = readStep(step, stepPath);
      if (read != null) {
        flow.add(read);
      }
    }
    return flow;
  }

  private FlowNode readStep(ObjectNode step, String path) {
    List<String> kinds = STEP_KINDS.stream().filter(step::has).toList();
    boolean compound = kinds.stream().anyMatch(COMPOUND_KINDS::contains);
    if (compound && kinds.size() > 1) {
      problem(
          path,
          "holds "
              + kinds
              + "; a step is exactly one of "
              + STEP_KINDS
              + " (nest steps under group, if or choose)");
      return null;
    }
    // A request with think is the leaf reader's problem to report, at its own path.
    String kind = compound ? kinds.getFirst() : "request";
    if (compound) {
      checkLabel(step.get("name"), path + ".name");
    }
    return switch (kind) {
      case "group" -> readGroup(step, path);
      case "if" -> readIf(step, path);
      case "choose" -> readChoose(step, path);
      default -> readLeaf(step, path);
    };
  }

  /**
   * A compound step's optional name, a label for people: one line of text like every other name
   * (the leaf reader checks a request or think step's own).
   */
  private void checkLabel(JsonNode name, String path) {
    if (name == null || name.isNull()) {
      return;
    }
    if (!name.isValueNode()) {
      problem(path, "must be a text value, was " + PlanStructure.describe(name));
    } else if (!PlanStructure.isOneLine(name.asText())) {
      problem(path, PlanStructure.NOT_ONE_LINE);
    }
  }

  private FlowNode readLeaf(ObjectNode step, String path) {
    StepPlan plan = leaves.read(step, path, "step " + (steps.size() + 1));
    String earlier = pathByName.putIfAbsent(plan.name(), path);
    JsonNode name = step.get("name");
    boolean named = name != null && name.isValueNode() && !name.asText().isBlank();
    if (earlier != null && (named || !step.has("name"))) {
      problem(
          path + ".name",
          "duplicates the name '"
              + plan.name()
              + "' of "
              + earlier
              + "; step names must be unique in a scenario");
    }
    steps.add(plan);
    return new FlowNode.Step(steps.size() - 1);
  }

  // ---- group: repeat or while ----

  private FlowNode readGroup(ObjectNode step, String path) {
    rejectUnknown(step, path, GROUP_STEP_KEYS);
    String groupPath = path + ".group";
    if (!(step.get("group") instanceof ObjectNode group)) {
      problem(
          groupPath,
          "must be a map with repeat (a number of passes) or while (a condition), and steps;"
              + " was "
              + PlanStructure.describe(step.get("group")));
      return null;
    }
    rejectUnknown(group, groupPath, GROUP_KEYS);
    boolean repeats = group.has("repeat");
    boolean loops = group.has("while");
    List<FlowNode> body = readSteps(group.get("steps"), groupPath + ".steps");
    if (repeats == loops) {
      problem(
          groupPath,
          "needs exactly one of repeat (a number of passes, such as repeat: 3) or while (a"
              + " condition, such as while: {var: next, exists: true})");
      return null;
    }
    if (repeats) {
      if (group.has("maxIterations")) {
        problem(groupPath + ".maxIterations", "goes only with while; repeat is already a count");
      }
      int times = positiveInt(group.get("repeat"), groupPath + ".repeat");
      return times < 1 ? null : new FlowNode.Repeat(times, body);
    }
    Condition condition = readCondition(group.get("while"), groupPath + ".while");
    int max = DEFAULT_MAX_ITERATIONS;
    if (group.has("maxIterations")) {
      max = positiveInt(group.get("maxIterations"), groupPath + ".maxIterations");
    }
    return condition == null || max < 1 ? null : new FlowNode.While(condition, max, body);
  }

  // ---- if ----

  private FlowNode readIf(ObjectNode step, String path) {
    rejectUnknown(step, path, IF_STEP_KEYS);
    Condition condition = readCondition(step.get("if"), path + ".if");
    List<FlowNode> then = readSteps(step.get("steps"), path + ".steps");
    List<FlowNode> otherwise =
        step.has("else") ? readSteps(step.get("else"), path + ".else") : List.of();
    return condition == null ? null : new FlowNode.If(condition, then, otherwise);
  }

  // ---- choose ----

  private FlowNode readChoose(ObjectNode step, String path) {
    rejectUnknown(step, path, CHOOSE_STEP_KEYS);
    String choosePath = path + ".choose";
    List<JsonNode> elements =
        requireNonEmptyList(
            step.get("choose"),
            choosePath,
            "branch",
            "a list of branches such as {weight: 70, steps: [...]}");
    List<FlowNode.Branch> branches = new ArrayList<>();
    for (int index = 0; index < elements.size(); index++) {
      String branchPath = choosePath + "[" + index + "]";
      if (!(elements.get(index) instanceof ObjectNode branch)) {
        problem(
            branchPath,
            "must be a map with weight and steps, was "
                + PlanStructure.describe(elements.get(index)));
        continue;
      }
      rejectUnknown(branch, branchPath, BRANCH_KEYS);
      int weight = positiveInt(branch.get("weight"), branchPath + ".weight");
      List<FlowNode> body = readSteps(branch.get("steps"), branchPath + ".steps");
      if (weight >= 1) {
        branches.add(new FlowNode.Branch(weight, body));
      }
    }
    return branches.size() == elements.size() && !branches.isEmpty()
        ? new FlowNode.Choose(branches)
        : null;
  }

  // ---- conditions ----

  private Condition readCondition(JsonNode node, String path) {
    if (!(node instanceof ObjectNode map)) {
      problem(
          path,
          "must be a condition map such as {var: name, equals: value}, {status: 200} or {not:"
              + " {...}}, was "
              + PlanStructure.describe(node));
      return null;
    }
    rejectUnknown(map, path, CONDITION_KEYS);
    List<String> tests = List.of("var", "status", "not").stream().filter(map::has).toList();
    if (tests.size() != 1) {
      problem(
          path,
          "must name exactly one test: var (with equals, matches or exists), status or not;"
              + " found "
              + tests);
      return null;
    }
    return switch (tests.getFirst()) {
      case "status" -> readStatusCondition(map, path);
      case "not" -> {
        Condition inner = readCondition(map.get("not"), path + ".not");
        yield inner == null ? null : new Condition.Not(inner);
      }
      default -> readVariableCondition(map, path);
    };
  }

  private Condition readStatusCondition(ObjectNode map, String path) {
    rejectAlongside(map, path, "status", List.of("equals", "matches", "exists"));
    JsonNode node = map.get("status");
    List<JsonNode> values = new ArrayList<>();
    if (node instanceof ArrayNode list && !list.isEmpty()) {
      list.forEach(values::add);
    } else if (node != null && node.isValueNode()) {
      values.add(node);
    }
    Set<Integer> statuses = new LinkedHashSet<>();
    for (JsonNode value : values) {
      int status = value.isIntegralNumber() ? value.asInt() : parseInt(value.asText());
      if (status < 100 || status > 599) {
        problem(
            path + ".status",
            "must be an HTTP status (100 to 599) or a list of them, was " + value.asText());
        return null;
      }
      statuses.add(status);
    }
    if (statuses.isEmpty()) {
      problem(
          path + ".status",
          "must be an HTTP status (100 to 599) or a list of them, was "
              + PlanStructure.describe(node));
      return null;
    }
    return new Condition.StatusIn(statuses);
  }

  private Condition readVariableCondition(ObjectNode map, String path) {
    JsonNode variableNode = map.get("var");
    if (variableNode == null || !variableNode.isValueNode() || variableNode.asText().isBlank()) {
      problem(path + ".var", "must name a variable, was " + PlanStructure.describe(variableNode));
      return null;
    }
    String variable = variableNode.asText().strip();
    List<String> tests = List.of("equals", "matches", "exists").stream().filter(map::has).toList();
    if (tests.size() != 1) {
      problem(
          path,
          "with var, needs exactly one of equals (a text), matches (a regex) or exists (true or"
              + " false); found "
              + tests);
      return null;
    }
    String testPath = path + "." + tests.getFirst();
    JsonNode value = map.get(tests.getFirst());
    if (value == null || !value.isValueNode() || value.isNull()) {
      problem(testPath, "must be a single value, was " + PlanStructure.describe(value));
      return null;
    }
    return switch (tests.getFirst()) {
      case "equals" -> new Condition.VariableEquals(variable, value.asText());
      case "matches" -> compile(variable, value.asText(), testPath);
      default -> readExists(variable, value, testPath);
    };
  }

  private Condition compile(String variable, String regex, String path) {
    Pattern pattern = RuleExpressions.regex(regex, path, problems);
    return pattern == null ? null : new Condition.VariableMatches(variable, pattern);
  }

  private Condition readExists(String variable, JsonNode value, String path) {
    String text = value.asText().strip();
    if (!text.equals("true") && !text.equals("false")) {
      problem(path, "must be true or false, was " + value.asText());
      return null;
    }
    return new Condition.VariableExists(variable, Boolean.parseBoolean(text));
  }

  // ---- helpers ----

  private List<JsonNode> requireNonEmptyList(
      JsonNode node, String path, String elementName, String hint) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      problem(path, "is required (" + hint + ")");
      return List.of();
    }
    if (!(node instanceof ArrayNode list)) {
      problem(path, "must be " + hint + ", was " + PlanStructure.describe(node));
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

  /** A whole number of at least 1, or -1 after a problem. */
  private int positiveInt(JsonNode node, String path) {
    int number = -1;
    if (node != null && node.isIntegralNumber() && node.canConvertToInt()) {
      number = node.intValue();
    } else if (node != null && node.isTextual()) {
      number = parseInt(node.asText());
    }
    if (number < 1) {
      String shown =
          node != null && node.isValueNode() ? node.asText() : PlanStructure.describe(node);
      problem(path, "must be a whole number of at least 1, was " + shown);
      return -1;
    }
    return number;
  }

  private void rejectAlongside(ObjectNode map, String path, String key, List<String> others) {
    for (String other : others) {
      if (map.has(other)) {
        problem(path + "." + other, "does not go with " + key + "; it belongs with var");
      }
    }
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
}
