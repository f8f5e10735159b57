package io.loadline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.loadline.plan.Check;
import io.loadline.plan.Extraction;
import io.loadline.plan.ExtractionSource;
import io.loadline.spi.ConfigProblem;
import io.loadline.spi.Outcome;
import io.loadline.spi.ResponseView;
import io.loadline.spi.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rule that throws while it is evaluated is a counted failure, never an unfinished step. */
class StepRulesTest {

  @Test
  void aRuleThatThrowsFailsAndEndsTheIterationInsteadOfEscaping() {
    // A group the regex lacks (the parser refuses it; a plan built in code need not) and a body
    // the protocol cannot decode both throw during evaluation.
    Extraction missingGroup =
        new Extraction("y", ExtractionSource.REGEX, "ok", 3, "unused default", "x.extract.y");
    Check bodyCheck = new Check.BodyContains("ok", "x.checks[0]");
    List<ConfigProblem> problems = new ArrayList<>();
    StepRules rules = StepRules.compile("a", List.of(bodyCheck), List.of(missingGroup), problems);
    RuleCounters counters = rules.newCounters();
    ResponseView undecodable =
        new ResponseView() {
          @Override
          public String bodyText() {
            throw new IllegalStateException("cannot decode");
          }
        };
    StepResult result = new StepResult(Outcome.SUCCESS, 200, 2, "", undecodable);

    boolean goOn = rules.apply(result, 1_000, new Iteration(Map.of(), Map.of()), counters);

    assertEquals(List.of(), problems);
    assertFalse(goOn);
    assertEquals(1, counters.checks().getFirst().failures());
    assertEquals(1, counters.extractions().getFirst().failures());
    assertEquals(0, counters.extractions().getFirst().defaultsUsed());
  }

  @Test
  void anExpressionThatDoesNotCompileIsAProblemAtItsPath() {
    List<ConfigProblem> problems = new ArrayList<>();

    StepRules.compile(
        "a",
        List.of(new Check.HeaderMatches("a", "((", "s.checks[0]")),
        List.of(new Extraction("y", ExtractionSource.JSON, "$[[[", 0, null, "s.extract.y")),
        problems);

    assertEquals(
        List.of("s.checks[0].matches", "s.extract.y.json"),
        problems.stream().map(ConfigProblem::path).toList());
  }
}
