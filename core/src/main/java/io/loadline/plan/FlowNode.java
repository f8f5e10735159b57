package io.loadline.plan;

import java.util.List;
import java.util.Objects;

/**
 * One element of a scenario's flow: the tree its steps form once groups, conditions and choices
 * nest them. Leaves point into the scenario's flat {@link ScenarioPlan#steps()} (requests and think
 * times, in plan order), which is what metrics, summaries and thresholds name. Immutable.
 */
public sealed interface FlowNode {

  /** A request or think-time step: index {@code step} of the scenario's flat steps. */
  record Step(int step) implements FlowNode {}

  /** {@code group: {repeat: N, steps: [...]}}: runs its steps {@code times} times. */
  record Repeat(int times, List<FlowNode> steps) implements FlowNode {
    public Repeat {
      steps = List.copyOf(steps);
    }
  }

  /**
   * {@code group: {while: condition, maxIterations: M, steps: [...]}}: runs its steps while the
   * condition holds, tested before each pass, at most {@code maxIterations} passes.
   */
  record While(Condition condition, int maxIterations, List<FlowNode> steps) implements FlowNode {
    public While {
      Objects.requireNonNull(condition, "condition");
      steps = List.copyOf(steps);
    }
  }

  /** {@code if: condition, steps: [...], else: [...]}: one of two lists, the second maybe empty. */
  record If(Condition condition, List<FlowNode> then, List<FlowNode> otherwise)
      implements FlowNode {
    public If {
      Objects.requireNonNull(condition, "condition");
      then = List.copyOf(then);
      otherwise = List.copyOf(otherwise);
    }
  }

  /** {@code choose: [{weight: 70, steps: [...]}, ...]}: one branch, drawn by weight. */
  record Choose(List<Branch> branches) implements FlowNode {
    public Choose {
      branches = List.copyOf(branches);
    }
  }

  /** One branch of a {@link Choose}: its weight (at least 1) and its steps. */
  record Branch(int weight, List<FlowNode> steps) {
    public Branch {
      steps = List.copyOf(steps);
    }
  }

  /** A plain list of steps, run in order: the flow of a scenario without compound steps. */
  static List<FlowNode> sequence(int stepCount) {
    return java.util.stream.IntStream.range(0, stepCount).<FlowNode>mapToObj(Step::new).toList();
  }
}
