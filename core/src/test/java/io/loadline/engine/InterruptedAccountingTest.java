package io.loadline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.plan.ParsedPlan;
import io.loadline.plan.PlanParser;
import io.loadline.testsupport.TestTarget;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What counts as interrupted when the graceful stop runs out: requests in flight, never iterations
 * that merely pause in a think step, so that every sent request is accounted for exactly once.
 */
class InterruptedAccountingTest {

  private static TestTarget target;
  private final Engine engine = new Engine(TestPlans.builtInPlugins(), TestPlans.settings());

  @BeforeAll
  static void startTarget() throws Exception {
    target = new TestTarget();
  }

  @AfterAll
  static void stopTarget() throws Exception {
    target.close();
  }

  @Test
  void iterationsPausedInAThinkStepAreNotCountedAsInterruptedRequests() throws Exception {
    // Step 1 answers at once, then every iteration thinks for 5 s: at the stop, 1.5 s in, the
    // iterations are all thinking and no request is out. The second scenario's requests take
    // 5 s, so each of its iterations has exactly one request in flight at the stop.
    String yaml =
        """
        name: think then stop
        gracefulStop: 100ms
        scenarios:
          - name: thinking
            load: {model: constant, rate: 20/s, duration: 30s}
            steps:
              - request: {url: "%1$s/ok?run=think"}
              - think: 5s
              - request: {url: "%1$s/ok?run=think"}
          - name: waiting
            load: {model: constant, rate: 10/s, duration: 30s}
            steps:
              - request: {url: "%1$s/slow/5000?run=think"}
        """
            .formatted(target.url(""));
    ParsedPlan parsed = new PlanParser().parse(yaml);
    assertEquals(List.of(), parsed.problems());
    RunningTest running = engine.start(engine.compile(parsed.plan()), RunObserver.NONE);

    Thread.sleep(1_500);
    running.stop();
    RunResult result = running.completion().get(10, TimeUnit.SECONDS);

    ScenarioSummary thinking = result.summary().scenarios().get(0);
    ScenarioSummary waiting = result.summary().scenarios().get(1);
    System.out.printf("thinking: %s%nwaiting: %s%n", thinking, waiting);
    assertEquals(EndReason.STOPPED, result.endReason());
    assertTrue(thinking.arrivals() >= 20, "arrivals " + thinking.arrivals());
    for (ScenarioSummary summary : List.of(thinking, waiting)) {
      assertEquals(
          summary.requestsSent(),
          summary.requestsCompleted()
              + summary.requestsFailedBeforeResponse()
              + summary.interrupted(),
          summary.name());
    }

    // Thinking: each iteration sent its first request, which answered; none reached step 3.
    assertEquals(thinking.arrivals(), thinking.requestsSent());
    assertEquals(thinking.arrivals(), thinking.requestsCompleted());
    assertEquals(0, thinking.interrupted(), "no request of a thinking iteration was out");
    assertEquals(thinking.arrivals(), thinking.interruptedIterations());

    // Waiting: every iteration's one request was out when the graceful stop ran out.
    assertEquals(0, waiting.requests());
    assertEquals(waiting.arrivals(), waiting.requestsSent());
    assertEquals(waiting.arrivals(), waiting.interrupted());
    assertEquals(waiting.arrivals(), waiting.interruptedIterations());
  }
}
