package io.loadline.engine;

import static io.loadline.engine.TestPlans.plan;
import static io.loadline.engine.TestPlans.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.plan.Plan;
import io.loadline.testsupport.TestTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClosedModelRunTest {

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
  void twoThousandUsersEachIterateOnAFewThreadsNotOnePerUser() throws Exception {
    // The run is long and stopped once every user has iterated: how fast 2,000 users start on a
    // cold JVM of a busy machine is not what this checks.
    Map<String, Object> load = Map.of("users", 2_000, "duration", "60s", "thinkTime", "1s");
    Plan base = plan(scenario(0, "users", load, target.url("/ok?run=users")));
    Plan plan = new Plan("users", null, null, Duration.ofSeconds(5), base.scenarios());
    RunningTest running = engine.start(engine.compile(plan), RunObserver.NONE);

    long mostThreads = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (usersIterated(running) < 2_000 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      mostThreads = Math.max(mostThreads, threadsNamedLoadline());
    }
    running.stop();
    RunResult result = running.completion().get(30, TimeUnit.SECONDS);

    ScenarioSummary summary = result.summary().scenarios().get(0);
    System.out.printf(
        "2,000 users, 1 s think: %d run threads at most, %d iterations in %.3f s, lag %s%n",
        mostThreads,
        summary.arrivals(),
        result.summary().elapsedSeconds(),
        summary.schedulingLag());
    assertEquals(2_000, summary.usersIterated(), "every user ended at least one iteration");
    assertTrue(summary.requests() >= 2_000, "requests " + summary.requests());
    assertEquals(summary.requests(), summary.successes());
    assertEquals(summary.arrivals(), summary.schedulingLag().count());
    assertEquals(
        summary.requestsSent(),
        summary.requestsCompleted()
            + summary.requestsFailedBeforeResponse()
            + summary.interrupted());
    // The run's own threads, the HTTP client's pool included: far fewer than one per user.
    assertTrue(mostThreads < 100, "threads of the run: " + mostThreads);
  }

  private static int usersIterated(RunningTest running) {
    Integer iterated = running.liveSummary().scenarios().get(0).usersIterated();
    return iterated == null ? 0 : iterated;
  }

  @Test
  void aClosedUsersLatencyRunsFromTheIterationsActualStart() throws Exception {
    Map<String, Object> load = Map.of("users", 5, "duration", "1500ms");
    Plan plan = plan(scenario(0, "users", load, target.url("/slow/200")));

    RunResult result = run(plan, s -> {});

    ScenarioSummary summary = result.summary().scenarios().get(0);
    System.out.printf("5 users against a 200 ms target: %s%n", summary.latency());
    assertEquals(5, summary.usersIterated());
    // Back-to-back iterations of a 200 ms target: a user never waits for a late schedule.
    assertTrue(summary.latency().minMillis() >= 200, summary.latency().toString());
    assertTrue(summary.latency().p50Millis() < 400, summary.latency().toString());
    assertTrue(summary.requests() >= 5 * 5, "requests " + summary.requests());
  }

  @Test
  void rampingUsersRiseAndFallAndUsersFinishTheirIterationOnTheWayDown() throws Exception {
    List<Map<String, Object>> stages =
        List.of(Map.of("users", 20, "duration", "1s"), Map.of("users", 0, "duration", "1s"));
    Plan plan =
        plan(scenario(0, "ramping-users", Map.of("stages", stages), target.url("/slow/300")));
    List<IntervalSnapshot> snapshots = new CopyOnWriteArrayList<>();

    RunResult result = run(plan, snapshots::add);

    ScenarioSummary summary = result.summary().scenarios().get(0);
    List<Integer> activeUsers =
        snapshots.stream().map(s -> s.scenarios().get(0).activeUsers()).toList();
    System.out.printf(
        "ramping 0 -> 20 -> 0 users: active per second %s, %s%n", activeUsers, summary);
    assertEquals(EndReason.COMPLETED, result.endReason());
    assertTrue(summary.usersIterated() >= 15, "users that iterated " + summary.usersIterated());
    assertEquals(0, summary.interrupted(), "300 ms iterations end within the graceful stop");
    assertEquals(0, summary.failures());
    assertEquals(summary.requestsSent(), summary.requestsCompleted());
    assertEquals(0, activeUsers.get(activeUsers.size() - 1), "no user left at the end");
  }

  @Test
  void onARampDownRetiringUsersAreAbandonedOnceTheGracefulStopRunsOut() throws Exception {
    // Four users from 100 ms, each in a 5 s request; from 300 ms to 400 ms the count falls to 1.
    // Users 1 to 3 get the 500 ms graceful stop from when the scheduler sees them retiring, then
    // their requests count as interrupted; user 0 stays, its request in flight at the stop.
    String yaml =
        """
        name: ramp down
        timeout: 10s
        gracefulStop: 500ms
        scenarios:
          - name: users
            load:
              model: ramping-users
              stages:
                - {users: 4, duration: 100ms}
                - {users: 4, duration: 200ms}
                - {users: 1, duration: 100ms}
                - {users: 1, duration: 5s}
            steps:
              - request: {url: "%s"}
        """
            .formatted(target.url("/slow/5000?run=ramp-down"));
    List<IntervalSnapshot> snapshots = new CopyOnWriteArrayList<>();
    EngineRun running =
        (EngineRun) engine.start(engine.compile(TestPlans.parse(yaml)), snapshots::add);

    // Watch the live figures for the three retired users' requests to be interrupted, for up to
    // 3 s after the origin (the run may warm up before it takes its origin).
    long firstInterruptNanos = 0;
    long allInterruptedNanos = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (allInterruptedNanos == 0 && System.nanoTime() < deadline && !pastOrigin(running, 3)) {
      long interrupted = running.liveSummary().scenarios().get(0).interrupted();
      long now = System.nanoTime();
      if (interrupted > 0 && firstInterruptNanos == 0) {
        firstInterruptNanos = now;
      }
      if (interrupted >= 3) {
        allInterruptedNanos = now;
      }
      Thread.sleep(5);
    }
    ScenarioSummary live = running.liveSummary().scenarios().get(0);
    // Past the first snapshot with the one user left (at 2 s), stop.
    while (snapshots.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    running.stop();
    RunResult result = running.completion().get(10, TimeUnit.SECONDS);

    ScenarioSummary summary = result.summary().scenarios().get(0);
    double firstSeconds = (firstInterruptNanos - running.originNanos()) / 1e9;
    double allSeconds = (allInterruptedNanos - running.originNanos()) / 1e9;
    List<Integer> activeUsers =
        snapshots.stream().map(s -> s.scenarios().get(0).activeUsers()).toList();
    System.out.printf(
        "ramp-down: first interrupted at %.3f s, all 3 at %.3f s, active %s, %s%n",
        firstSeconds, allSeconds, activeUsers, summary);
    assertEquals(3, live.interrupted(), "the three retired users' requests");
    assertEquals(3, live.interruptedIterations());
    // The earliest a retiring user can be seen is 300 ms, so nothing before 300 + 500 ms.
    assertTrue(firstSeconds >= 0.8, "abandoned before the graceful stop: " + firstSeconds);
    // The last is seen retiring by 400 ms (+20 ms checks): 900 ms, and slack for a busy machine.
    assertTrue(allSeconds < 1.5, "abandoned late: " + allSeconds);
    assertEquals(1, activeUsers.get(1), "one user left at 2 s: " + activeUsers);
    assertEquals(EndReason.STOPPED, result.endReason());
    assertEquals(4, summary.requestsSent());
    assertEquals(0, summary.requests(), "no 5 s request ended");
    assertEquals(4, summary.interrupted(), "three retired, one at the stop");
    assertEquals(
        summary.requestsSent(),
        summary.requestsCompleted()
            + summary.requestsFailedBeforeResponse()
            + summary.interrupted());
  }

  @Test
  void stoppingClosedUsersKeepsEverySentRequestAccountedFor() throws Exception {
    Map<String, Object> load = Map.of("users", 50, "duration", "30s");
    Plan base = plan(scenario(0, "users", load, target.url("/slow/2000")));
    Plan plan = new Plan("stopped users", null, null, Duration.ofMillis(200), base.scenarios());
    RunningTest running = engine.start(engine.compile(plan), RunObserver.NONE);

    // 50 users without think time may ask for 5,000 requests/s: the run warms up first, so wait
    // for every user's first request rather than for a fixed time.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (running.liveSummary().scenarios().get(0).requestsSent() < 50
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    running.stop();
    RunResult result = running.completion().get(10, TimeUnit.SECONDS);

    ScenarioSummary summary = result.summary().scenarios().get(0);
    assertEquals(EndReason.STOPPED, result.endReason());
    assertEquals(50, summary.interrupted());
    assertEquals(50, summary.requestsSent());
    assertEquals(
        summary.requestsSent(),
        summary.requestsCompleted()
            + summary.requestsFailedBeforeResponse()
            + summary.interrupted());
    assertTrue(result.summary().elapsedSeconds() < 5);
  }

  /** Whether the run has taken its origin and {@code seconds} have passed since. */
  private static boolean pastOrigin(EngineRun running, long seconds) {
    long origin = running.originNanos();
    return origin != 0 && System.nanoTime() - origin > TimeUnit.SECONDS.toNanos(seconds);
  }

  private RunResult run(Plan plan, RunObserver observer) throws Exception {
    RunningTest running = engine.start(engine.compile(plan), observer);
    return running.completion().get(30, TimeUnit.SECONDS);
  }

  private static long threadsNamedLoadline() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(thread -> thread.getName().startsWith("loadline-"))
        .count();
  }
}
