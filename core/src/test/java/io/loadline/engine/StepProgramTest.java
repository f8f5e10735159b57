package io.loadline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loadline.plan.Condition;
import io.loadline.plan.FlowNode;
import io.loadline.plan.FlowNode.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The order a program hands out steps, walked without a run. */
class StepProgramTest {

  @Test
  void nestedGroupsAndConditionsAreWalkedInOrderWithConditionsTestedAsTheyAreReached() {
    // home; repeat 2 { item; if token exists { buy } else { login } }; bye
    FlowNode.If loggedIn =
        new FlowNode.If(
            new Condition.VariableExists("token", true),
            List.of(new Step(2)),
            List.of(new Step(3)));
    StepProgram program =
        new StepProgram(
            "shop",
            List.of(
                new Step(0), new FlowNode.Repeat(2, List.of(new Step(1), loggedIn)), new Step(4)));
    Iteration iteration = new Iteration(Map.of(), Map.of());

    List<Integer> walked = new ArrayList<>();
    for (int step = program.first(iteration);
        step != StepProgram.END;
        step = program.next(iteration, 200)) {
      walked.add(step);
      if (step == 3) {
        iteration.set("token", "t"); // what the login step would extract
      }
    }

    assertEquals(List.of(0, 1, 3, 1, 2, 4), walked);
  }

  @Test
  void aWhileGroupStopsAtItsConditionOrItsMaxIterationsAndStatusConditionsReadTheLastRequest() {
    FlowNode.While untilNotFound =
        new FlowNode.While(new Condition.StatusIn(Set.of(200)), 3, List.of(new Step(0)));
    StepProgram program = new StepProgram("loop", List.of(new Step(1), untilNotFound));

    assertEquals(List.of(1, 0, 0, 0), walk(program, 200, 200, 200, 200));
    assertEquals(List.of(1, 0), walk(program, 200, 404));
    assertEquals(List.of(1), walk(program, 500));
  }

  @Test
  void aGroupWhoseStepsAreAllSkippedEndsTheIteration() {
    StepProgram program =
        new StepProgram(
            "skip",
            List.of(
                new FlowNode.If(
                    new Condition.VariableEquals("mode", "on"), List.of(new Step(0)), List.of())));

    assertEquals(StepProgram.END, program.first(new Iteration(Map.of(), Map.of())));
  }

  /** The steps handed out when the requests end with {@code statuses}, in turn. */
  private static List<Integer> walk(StepProgram program, int... statuses) {
    Iteration iteration = new Iteration(Map.of(), Map.of());
    List<Integer> walked = new ArrayList<>();
    int step = program.first(iteration);
    for (int status : statuses) {
      if (step == StepProgram.END) {
        break;
      }
      walked.add(step);
      step = program.next(iteration, status);
    }
    assertEquals(StepProgram.END, step, "the walk ended after " + walked);
    return walked;
  }
}
