package io.loadline.plan;

import io.loadline.engine.Engine;
import io.loadline.spi.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a plan's source text (YAML or JSON) into a checked {@link Plan}: the structure and every
 * plugin setting, all problems reported together. Thread-safe.
 *
 * <p>The structure comes from {@link PlanParser}; the plugin settings from {@link
 * Engine#check(Plan)}, run on the parser's best-effort plan even when the structure has problems,
 * so one submission shows every mistake. One mistake gives one problem: an engine problem at a
 * place the parser already reported, or inside it, is dropped (a step without a request is not also
 * a step without a url), and so is every engine problem inside a plugin map whose id the parser
 * found missing or wrong (a load without a model has no model to check its rate). The problems are
 * listed in {@link ProblemOrder the plan's order}, whichever check found them.
 */
public final class PlanReader {

  private static final List<String> PLUGIN_ID_KEYS =
      List.of(".load.model", ".protocol.type", ".feeder.type");

  private final Engine engine;
  private final PlanParser parser;

  public PlanReader(Engine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.parser = new PlanParser();
  }

  /**
   * Parses and checks a plan.
   *
   * @throws PlanValidationException with every problem (syntax, structure and plugin settings),
   *     each with its field path
   */
  public Plan read(String source) {
    ParsedPlan parsed = parser.parse(source);
    List<ConfigProblem> problems = new ArrayList<>(parsed.problems());
    if (parsed.plan() != null) {
      for (ConfigProblem problem : engine.check(parsed.plan())) {
        if (!alreadyReported(problem, parsed.problems())) {
          problems.add(problem);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new PlanValidationException(parsed.problemOrder().sorted(problems));
    }
    return parsed.plan();
  }

  private static boolean alreadyReported(ConfigProblem engineProblem, List<ConfigProblem> found) {
    for (ConfigProblem parserProblem : found) {
      String reported = parserProblem.path();
      if (isAtOrInside(engineProblem.path(), reported)) {
        return true;
      }
      for (String idKey : PLUGIN_ID_KEYS) {
        if (reported.endsWith(idKey)) {
          String pluginMap = reported.substring(0, reported.lastIndexOf('.'));
          if (isAtOrInside(engineProblem.path(), pluginMap)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean isAtOrInside(String path, String ancestor) {
    return path.equals(ancestor)
        || path.startsWith(ancestor + ".")
        || path.startsWith(ancestor + "[");
  }
}
