package io.loadline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.plan.ParsedPlan;
import io.loadline.plan.PlanParser;
import io.loadline.spi.ConfigProblem;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Groups, conditions, weighted choices and shared weighted loads through the real engine and http
 * plugin against a real target on 127.0.0.1.
 */
class FlowControlEngineTest {

  private CountingTarget target;
  private final Engine engine = new Engine(TestPlans.builtInPlugins(), TestPlans.settings());

  @BeforeEach
  void startTarget() throws Exception {
    target = new CountingTarget();
  }

  @AfterEach
  void stopTarget() throws Exception {
    target.close();
  }

  @Test
  void aRepeatGroupRunsItsStepsThatManyTimesEachIteration() throws Exception {
    String plan =
        """
        name: repeat
        scenarios:
          - name: shop
            load: {model: constant, rate: 40/s, duration: 500ms}
            steps:
              - name: home
                request: {url: "%1$s/home"}
              - group:
                  repeat: 3
                  steps:
                    - name: item
                      request: {url: "%1$s/item"}
                    - think: 1ms
                    - group:
                        repeat: 2
                        steps: [{name: detail, request: {url: "%1$s/detail"}}]
              - name: bye
                request: {url: "%1$s/bye"}
            """
            .formatted(target.url(""));

    ScenarioSummary summary = run(plan).summary().scenarios().getFirst();

    System.out.printf(
        "repeat: home %d, item %d, detail %d, bye %d%n",
        target.count("/home"),
        target.count("/item"),
        target.count("/detail"),
        target.count("/bye"));
    assertEquals(20, target.count("/home"));
    assertEquals(60, target.count("/item"));
    assertEquals(120, target.count("/detail"));
    assertEquals(20, target.count("/bye"));
    assertEquals(
        List.of("home", "item", "step 3", "detail", "bye"),
        summary.steps().stream().map(StepSummary::name).toList());
    assertEquals(60, summary.steps().get(1).requests());
    assertEquals(0, summary.steps().get(2).requests(), "a think step sends nothing");
    assertEquals(120, summary.steps().get(3).requests());
    assertEquals(220, summary.requests());
  }

  @Test
  void aWhileGroupLoopsUntilItsConditionFailsAndMaxIterationsCapsARunawayLoop() throws Exception {
    String plan =
        """
        name: while
        scenarios:
          - name: pages
            load: {model: constant, rate: 20/s, duration: 500ms}
            variables: {n: "0"}
            steps:
              - group:
                  while: {not: {var: n, equals: "3"}}
                  steps:
                    - name: page
                      request: {url: "%1$s/next?n={{n}}"}
                      extract: {n: {regex: '(\\d+)'}}
              - name: done
                request: {url: "%1$s/done"}
          - name: runaway
            load: {model: constant, rate: 20/s, duration: 250ms}
            variables: {n: "0"}
            steps:
              - group:
                  while: {var: n, exists: true}
                  maxIterations: 4
                  steps: [{name: capped, request: {url: "%1$s/capped"}}]
            """
            .formatted(target.url(""));

    RunResult result = run(plan);

    System.out.printf(
        "while: next %d, done %d, capped %d%n",
        target.count("/next"), target.count("/done"), target.count("/capped"));
    assertEquals(30, target.count("/next"), "pages n=0, 1 and 2 in each of 10 iterations");
    assertEquals(10, target.count("/done"));
    assertEquals(20, target.count("/capped"), "4 passes in each of 5 iterations");
    assertEquals(0, result.summary().scenarios().getFirst().extractionFailures());
  }

  @Test
  void ifStepsRunOnlyWhenTheirConditionHoldsAndElseStepsOtherwise() throws Exception {
    String plan =
        """
        name: if
        scenarios:
          - name: conditions
            load: {model: constant, rate: 20/s, duration: 500ms}
            variables: {client: web}
            steps:
              - request: {url: "%1$s/status/404"}
              - think: 1ms
              - if: {status: 200}
                steps: [{name: found, request: {url: "%1$s/found"}}]
                else: [{name: missing, request: {url: "%1$s/missing"}}]
              - if: {status: [404, 410]}
                steps: [{name: gone, request: {url: "%1$s/gone"}}]
              - if: {var: client, equals: web}
                steps: [{name: web, request: {url: "%1$s/web"}}]
              - if: {var: client, matches: 'w.b'}
                steps: [{name: matched, request: {url: "%1$s/matched"}}]
              - if: {var: client, matches: 'w'}
                steps: [{name: partly, request: {url: "%1$s/partly"}}]
              - if: {var: token, exists: true}
                steps: [{name: token, request: {url: "%1$s/token"}}]
              - if: {var: token, exists: false}
                steps: [{name: anonymous, request: {url: "%1$s/anonymous"}}]
            """
            .formatted(target.url(""));

    run(plan);

    // The last request's status counts: /missing (200) came after the 404.
    assertEquals(0, target.count("/found"));
    assertEquals(10, target.count("/missing"));
    assertEquals(0, target.count("/gone"));
    assertEquals(10, target.count("/web"));
    assertEquals(10, target.count("/matched"));
    assertEquals(0, target.count("/partly"), "matches must match the whole value");
    assertEquals(0, target.count("/token"));
    assertEquals(10, target.count("/anonymous"));
  }

  @Test
  void aChooseStepDrawsItsBranchesByWeight() throws Exception {
    String plan =
        """
        name: choose
        scenarios:
          - name: shop
            load: {model: constant, rate: 1000/s, duration: 2s}
            steps:
              - choose:
                  - weight: 70
                    steps: [{name: browse, request: {url: "%1$s/browse"}}]
                  - weight: 25
                    steps: [{name: search, request: {url: "%1$s/search"}}]
                  - weight: 5
                    steps: [{name: buy, request: {url: "%1$s/buy"}}]
            """
            .formatted(target.url(""));

    run(plan);

    long browse = target.count("/browse");
    long search = target.count("/search");
    long buy = target.count("/buy");
    double total = browse + search + buy;
    System.out.printf(
        "choose over %d iterations: browse %.1f%%, search %.1f%%, buy %.1f%%%n",
        (long) total, 100 * browse / total, 100 * search / total, 100 * buy / total);
    assertTrue(total >= 1900, "most of the 2,000 arrivals ran: " + total);
    // Tolerances are about 4 standard deviations of a fair draw over 2,000 iterations.
    assertEquals(0.70, browse / total, 0.04);
    assertEquals(0.25, search / total, 0.04);
    assertEquals(0.05, buy / total, 0.02);
  }

  @Test
  void scenariosSharingThePlanLoadSplitItsArrivalsByWeightBesideAScenarioWithItsOwn()
      throws Exception {
    String plan =
        """
        name: weights
        load: {model: constant, rate: 500/s, duration: 2s}
        scenarios:
          - name: browse
            weight: 3
            steps: [{request: {url: "%1$s/browse"}}]
          - name: buy
            weight: 1
            steps: [{request: {url: "%1$s/buy"}}]
          - name: admin
            load: {model: constant, rate: 10/s, duration: 1s}
            steps: [{request: {url: "%1$s/admin"}}]
            """
            .formatted(target.url(""));

    List<ScenarioSummary> scenarios = run(plan).summary().scenarios();

    long browse = scenarios.get(0).arrivals();
    long buy = scenarios.get(1).arrivals();
    System.out.printf(
        "weights 3:1 over %d arrivals: browse %d (%.1f%%), buy %d, admin %d%n",
        browse + buy, browse, 100.0 * browse / (browse + buy), buy, scenarios.get(2).arrivals());
    assertEquals(1000, browse + buy);
    assertEquals(0.75, browse / (double) (browse + buy), 0.03);
    assertEquals(750, browse, "the split is deterministic");
    assertEquals(10, scenarios.get(2).arrivals());
    assertEquals(browse, target.count("/browse") + scenarios.get(0).dropped());
    assertEquals(buy, target.count("/buy") + scenarios.get(1).dropped());
    assertEquals(10, target.count("/admin"));
  }

  @Test
  void aPlanLoadThatIsAClosedModelIsAProblemAtItsPath() {
    String plan =
        """
        name: closed
        load: {model: users, users: 2, duration: 1s}
        scenarios:
          - name: a
            steps: [{request: {url: "%s"}}]
            """
            .formatted(target.url("/"));
    ParsedPlan parsed = new PlanParser().parse(plan);
    assertEquals(List.of(), parsed.problems());

    List<ConfigProblem> problems = engine.check(parsed.plan());

    assertEquals(List.of("load.model"), problems.stream().map(ConfigProblem::path).toList());
  }

  @Test
  void aSeededScenarioDrawsTheSameBranchesPausesAndRandomValuesInEveryRun() throws Exception {
    String plan =
        """
        name: seeded
        scenarios:
          - name: shop
            seed: %2$s
            load: {model: constant, rate: 200/s, duration: 1s}
            steps:
              - think: {min: 1ms, max: 20ms}
              - choose:
                  - weight: 1
                    steps: [{name: a, request: {url: "%1$s/a/{{randomInt(1, 1000000000)}}"}}]
                  - weight: 1
                    steps: [{name: b, request: {url: "%1$s/b/{{randomString(12)}}"}}]
                  - weight: 1
                    steps: [{name: c, request: {url: "%1$s/c/{{randomInt(1, 1000000000)}}"}}]
            """;
    String url = target.url("");

    run(plan.formatted(url, "42"));
    java.util.Map<String, Long> first = target.takeCounts();
    run(plan.formatted(url, "42"));
    java.util.Map<String, Long> again = target.takeCounts();
    run(plan.formatted(url, "43"));
    java.util.Map<String, Long> otherSeed = target.takeCounts();

    assertEquals(200, first.values().stream().mapToLong(Long::longValue).sum());
    assertTrue(first.size() > 190, "random paths, nearly all distinct: " + first.size());
    assertEquals(first, again);
    java.util.Set<String> shared = new java.util.HashSet<>(first.keySet());
    shared.retainAll(otherSeed.keySet());
    assertTrue(shared.size() < 5, "another seed draws other values: " + shared);
  }

  private RunResult run(String yaml) throws Exception {
    ParsedPlan parsed = new PlanParser().parse(yaml);
    assertEquals(List.of(), parsed.problems());
    RunningTest running = engine.start(engine.compile(parsed.plan()), snapshot -> {});
    RunResult result = running.completion().get(30, TimeUnit.SECONDS);
    assertEquals(EndReason.COMPLETED, result.endReason());
    return result;
  }
}
