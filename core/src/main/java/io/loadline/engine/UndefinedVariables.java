package io.loadline.engine;

import io.loadline.plan.Extraction;
import io.loadline.plan.ScenarioPlan;
import io.loadline.plan.StepPlan;
import io.loadline.spi.ConfigProblem;
import io.loadline.spi.Feeder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds, before a run, the variables a step reads that nothing defines: not a declared variable,
 * not a field of the feeder, not extracted by an earlier step. Only knowable when the feeder (if
 * any) tells its field names and the protocol tells the names its steps read; otherwise the run
 * counts the failures as they happen. Stateless.
 */
final class UndefinedVariables {

  private UndefinedVariables() {}

  /**
   * The problems of one scenario whose steps read {@code variablesUsed}, one set per step in order
   * (as far as the protocol could read a wrong step).
   */
  static List<ConfigProblem> find(
      ScenarioPlan scenario, Feeder feeder, List<Set<String>> variablesUsed) {
    List<ConfigProblem> problems = new ArrayList<>();
    Set<String> defined = new LinkedHashSet<>(scenario.variables().keySet());
    if (scenario.feeder() != null) {
      Optional<Set<String>> fields = feeder == null ? Optional.empty() : feeder.fieldNames();
      if (fields.isEmpty()) {
        return problems; // the feeder's fields are unknown until it runs
      }
      defined.addAll(fields.get());
    }
    for (int i = 0; i < scenario.steps().size() && i < variablesUsed.size(); i++) {
      StepPlan step = scenario.steps().get(i);
      for (String name : variablesUsed.get(i)) {
        if (!defined.contains(name)) {
          problems.add(
              new ConfigProblem(
                  step.path(),
                  "uses the variable '"
                      + name
                      + "', which no declared variable, feeder field or earlier extract"
                      + " defines; known here: "
                      + defined));
        }
      }
      step.extract().stream().map(Extraction::variable).forEach(defined::add);
    }
    return problems;
  }
}
