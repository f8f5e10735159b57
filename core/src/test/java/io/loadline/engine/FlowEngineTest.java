package io.loadline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.plan.ParsedPlan;
import io.loadline.plan.PlanParser;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Flows through the real engine and http plugin against a real target on 127.0.0.1. */
class FlowEngineTest {

  private FlowTarget target;
  private final Engine engine = new Engine(TestPlans.builtInPlugins(), TestPlans.settings());

  @BeforeEach
  void startTarget() throws Exception {
    target = new FlowTarget();
  }

  @AfterEach
  void stopTarget() throws Exception {
    target.close();
  }

  @Test
  void aLoginThenUseFlowCarriesItsOwnTokenAndCookieAndNeverAnotherUsers() throws Exception {
    // 40 users in 1 s, each holding /me for 100 ms: several users are logged in at once.
    String plan =
        """
        name: login flow
        scenarios:
          - name: shop
            load: {model: constant, rate: 40/s, duration: 1s}
            steps:
              - name: login
                request: {method: POST, url: "%1$s/login", followRedirects: true}
                extract:
                  token: {json: $.token}
                  sid: {cookie: sid}
                checks:
                  - status: [200]
              - name: me
                request:
                  url: "%1$s/me?sid={{sid}}"
                  headers: {Authorization: "Bearer {{token}}"}
                checks:
                  - status: 200
            """
            .formatted(target.url(""));

    ScenarioSummary summary = runScenario(plan);

    System.out.printf(
        "login flow: logins %d, matched %d, mismatched %d, checks %s%n",
        target.logins(), target.matchedUses(), target.mismatchedUses(), summary.checks());
    assertEquals(40, target.logins());
    assertEquals(40, target.matchedUses());
    assertEquals(0, target.mismatchedUses());
    // The redirect carried the cookie its own 302 set: every /welcome found its session.
    StepSummary login = summary.steps().get(0);
    assertEquals(40, login.successes());
    assertEquals(40, login.extractions().get(0).successes());
    assertEquals(40, login.extractions().get(1).successes());
    assertEquals(40, summary.steps().get(1).successes());
    assertEquals(0, summary.checkFailures());
    assertEquals(0, summary.extractionFailures());
    // No request ever carried two sessions' cookies, and the first request carried none.
    List<String> loginCookies =
        zip().stream().filter(entry -> entry.startsWith("/login ")).toList();
    assertEquals(40, loginCookies.size());
    assertTrue(
        loginCookies.stream().allMatch(entry -> entry.equals("/login ")), loginCookies.toString());
    assertTrue(
        target.cookieHeaders().stream()
            .noneMatch(cookie -> cookie.indexOf("sid=") != cookie.lastIndexOf("sid=")));
  }

  @Test
  void withoutFollowingRedirectsTheStepSeesThe302AndItsCookie() throws Exception {
    String plan =
        """
        name: no redirects
        scenarios:
          - name: s
            load: {model: constant, rate: 5/s, duration: 1s}
            steps:
              - request: {method: POST, url: "%1$s/login", followRedirects: false}
                extract:
                  code: status
                  location: {header: location}
                  sid: {cookie: sid}
              - request: {url: "%1$s/check?code={{code}}&location={{location}}&sid={{sid}}"}
            """
            .formatted(target.url(""));

    ScenarioSummary summary = runScenario(plan);

    List<String> checks = targetsStartingWith("/check");
    assertEquals(5, checks.size());
    assertTrue(
        checks.stream().allMatch(t -> t.matches("/check\\?code=302&location=%2Fwelcome&sid=s\\d+")),
        checks.toString());
    assertEquals(0, summary.extractionFailures());
    assertEquals(0, targetsStartingWith("/welcome").size());
  }

  @Test
  void extractionsReadJsonRegexAnyCaseHeadersAndKeepAnEmptyValue() throws Exception {
    String seenUrl =
        target.url("/seen?name={{name}}&empty=[{{empty}}]&sku={{sku}}&id={{id}}")
            + "&etag={{upper}}{{lower}}";
    String plan =
        """
        name: extract
        scenarios:
          - name: s
            load: {model: constant, rate: 5/s, duration: 1s}
            steps:
              - request: {url: "%1$s/json"}
                extract:
                  name: {json: $.name}
                  empty: {json: $.empty}
                  sku: {json: "$.items[1].sku"}
                  id: {regex: '"id": (\\d+)', group: 1}
                  upper: {header: ETag}
                  lower: {header: etag}
              - request: {url: "%2$s"}
            """
            .formatted(target.url(""), seenUrl);

    ScenarioSummary summary = runScenario(plan);

    List<String> seen = targetsStartingWith("/seen");
    assertEquals(5, seen.size(), seen.toString());
    assertEquals("/seen?name=Ann&empty=[]&sku=b-2&id=42&etag=%22v1%22%22v1%22", seen.get(0));
    assertEquals(0, summary.extractionFailures());
  }

  @Test
  void anExtractionThatFindsNothingEndsTheIterationAndIsCountedOrUsesItsDefault() throws Exception {
    String plan =
        """
        name: missing
        scenarios:
          - name: s
            load: {model: constant, rate: 4/s, duration: 1s}
            steps:
              - name: read
                request: {url: "%1$s/json"}
                extract:
                  absent: {json: $.absent}
                  nothing: {json: $.nothing}
              - name: never
                request: {url: "%1$s/never?absent={{absent}}"}
          - name: defaults
            load: {model: constant, rate: 3/s, duration: 1s}
            steps:
              - request: {url: "%1$s/json"}
                extract:
                  absent: {regex: 'nope(\\d+)', default: fallback}
              - request: {url: "%1$s/defaulted?absent={{absent}}"}
            """
            .formatted(target.url(""));

    RunResult result = run(plan);

    ScenarioSummary failing = result.summary().scenarios().get(0);
    assertEquals(8, failing.extractionFailures());
    ExtractionSummary absent = failing.steps().get(0).extractions().get(0);
    assertEquals("read", absent.step());
    assertEquals("json $.absent", absent.expression());
    assertEquals(4, absent.failures());
    assertEquals(0, failing.steps().get(1).requests());
    assertEquals(0, targetsStartingWith("/never").size());
    ScenarioSummary defaults = result.summary().scenarios().get(1);
    assertEquals(0, defaults.extractionFailures());
    assertEquals(3, defaults.steps().get(0).extractions().get(0).defaultsUsed());
    assertEquals(
        List.of("/defaulted?absent=fallback"),
        targetsStartingWith("/defaulted").stream().distinct().toList());
  }

  @Test
  void aRegexWithoutAGroupExtractsTheWholeMatchAndTheNextStepIsSent() throws Exception {
    // Before, the missing group 1 threw inside the engine: no next step, and every iteration
    // stayed in flight until the graceful stop counted it interrupted.
    String plan =
        """
        name: whole match
        scenarios:
          - name: s
            load: {model: constant, rate: 4/s, duration: 1s}
            steps:
              - name: a
                request: {url: "%1$s/plain"}
                extract:
                  y: {regex: 'ok'}
                  z: {regex: 'o(k)'}
              - name: b
                request: {url: "%1$s/used?y={{y}}&z={{z}}"}
            """
            .formatted(target.url(""));

    ScenarioSummary summary = runScenario(plan);

    assertEquals(
        List.of("/used?y=ok&z=k"), targetsStartingWith("/used").stream().distinct().toList());
    assertEquals(4, summary.steps().get(1).requests());
    assertEquals(4, summary.steps().get(0).extractions().get(0).successes());
    assertEquals(0, summary.extractionFailures());
    assertEquals(0, summary.interrupted());
    assertEquals(0, summary.interruptedIterations());
  }

  @Test
  void failedChecksAreCountedPerCheckAndTheTotalIsTheirSum() throws Exception {
    String plan =
        """
        name: checks
        scenarios:
          - name: s
            load: {model: constant, rate: 5/s, duration: 1s}
            steps:
              - name: first
                request: {url: "%1$s/json"}
                checks:
                  - status: [200, 201]
                  - bodyContains: Ann
                  - bodyContains: Bob
                  - json: $.name
                    equals: Ann
                  - json: $.id
                    equals: "43"
                  - header: content-type
                    matches: 'application/json.*'
                  - responseTimeBelow: 10s
              - name: second
                request: {url: "%1$s/after"}
            """
            .formatted(target.url(""));

    ScenarioSummary summary = runScenario(plan);

    List<CheckSummary> checks = summary.steps().get(0).checks();
    System.out.println("checks: " + checks);
    assertEquals(7, checks.size());
    assertEquals(
        List.of(5L, 5L, 0L, 5L, 0L, 5L, 5L), checks.stream().map(CheckSummary::passes).toList());
    assertEquals(
        List.of(0L, 0L, 5L, 0L, 5L, 0L, 0L), checks.stream().map(CheckSummary::failures).toList());
    assertEquals("body contains 'Bob'", checks.get(2).name());
    assertEquals(10, summary.checkFailures());
    assertEquals(checks.stream().mapToLong(CheckSummary::failures).sum(), summary.checkFailures());
    // A failed check ends the iteration: the second step never ran.
    assertEquals(0, summary.steps().get(1).requests());
  }

  @Test
  void aVariableThatNothingDefinesIsAProblemBeforeTheRunWithItsPath() {
    String plan =
        """
        name: undefined
        scenarios:
          - name: s
            load: {model: constant, rate: 1/s, duration: 1s}
            variables: {declared: yes}
            steps:
              - request: {url: "%1$s/a?x={{declared}}&y={{later}}"}
              - request: {url: "%1$s/b?t={{token}}"}
                extract:
                  later: {json: $.x}
              - request: {url: "%1$s/c?t={{later}}&f={{sha256(declared)}}"}
            """
            .formatted(target.url(""));
    ParsedPlan parsed = new PlanParser().parse(plan);

    io.loadline.plan.PlanValidationException thrown =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.loadline.plan.PlanValidationException.class, () -> engine.compile(parsed.plan()));

    List<String> problems = thrown.problems().stream().map(Object::toString).toList();
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(
        problems.get(0).startsWith("scenarios[0].steps[0].request: uses the variable 'later'"),
        problems.toString());
    assertTrue(
        problems.get(1).startsWith("scenarios[0].steps[1].request: uses the variable 'token'"),
        problems.toString());
  }

  @Test
  void aThinkStepPausesTheUserBetweenItsRequests() throws Exception {
    String plan =
        """
        name: think
        scenarios:
          - name: s
            load: {model: constant, rate: 5/s, duration: 1s}
            steps:
              - request: {method: POST, url: "%1$s/login"}
                extract:
                  sid: {cookie: sid}
              - think: {min: 300ms, max: 400ms}
              - request: {url: "%1$s/after-think?sid={{sid}}"}
            """
            .formatted(target.url(""));

    ScenarioSummary summary = runScenario(plan);

    assertEquals(5, summary.steps().get(2).successes());
    assertEquals(5, target.seenNanosBySession().size());
    target
        .seenNanosBySession()
        .forEach(
            (session, seenNanos) -> {
              long pauseMillis =
                  (seenNanos - target.loginNanosBySession().get(session)) / 1_000_000;
              assertTrue(pauseMillis >= 300, session + " paused only " + pauseMillis + " ms");
            });
  }

  private List<String> zip() {
    List<String> targets = List.copyOf(target.requestTargets());
    List<String> cookies = List.copyOf(target.cookieHeaders());
    return java.util.stream.IntStream.range(0, Math.min(targets.size(), cookies.size()))
        .mapToObj(i -> targets.get(i).replaceAll("\\?.*", "") + " " + cookies.get(i))
        .toList();
  }

  private List<String> targetsStartingWith(String prefix) {
    return target.requestTargets().stream().filter(t -> t.startsWith(prefix)).toList();
  }

  private ScenarioSummary runScenario(String yaml) throws Exception {
    return run(yaml).summary().scenarios().get(0);
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
