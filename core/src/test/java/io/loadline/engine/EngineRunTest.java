package io.loadline.engine;

import static io.loadline.engine.TestPlans.plan;
import static io.loadline.engine.TestPlans.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.plan.Plan;
import io.loadline.testsupport.TestTarget;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EngineRunTest {

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
  void aConstantRateSendsEveryPlannedRequestAndReportsEachSecond() throws Exception {
    List<IntervalSnapshot> snapshots = new CopyOnWriteArrayList<>();
    Plan plan = plan(scenario(0, "200/s", "3s", target.url("/ok?run=constant")));

    RunResult result = run(plan, snapshots::add);

    long seenByTarget =
        target.requestTargets().stream().filter(t -> t.endsWith("constant")).count();
    ScenarioSummary summary = result.summary().scenarios().get(0);
    System.out.printf("200/s for 3 s: target saw %d, summary %s%n", seenByTarget, summary);
    assertEquals(EndReason.COMPLETED, result.endReason());
    assertTrue(Math.abs(seenByTarget - 600) <= 6, "the target saw " + seenByTarget);
    assertEquals(seenByTarget, summary.requests());
    assertEquals(seenByTarget, summary.successes());
    assertEquals(600, summary.arrivals());
    assertEquals(0, summary.dropped());
    assertEquals(0, summary.interrupted());
    // The schedule ran to its end: 600 arrivals over exactly the planned 3 s, however late the
    // scheduler thread woke to notice the end on a loaded machine.
    assertEquals(200.0, summary.arrivalRatePerSecond(), 1e-9);
    assertOrdered(summary.latency());
    assertOrdered(summary.serviceTime());
    assertEquals(600, summary.schedulingLag().count());
    assertEquals(summary.requests(), summary.steps().get(0).requests());

    // Interval snapshots: about one a second, and together they hold every request.
    assertTrue(snapshots.size() >= 2, "snapshots: " + snapshots.size());
    long requestsInSnapshots =
        snapshots.stream().mapToLong(s -> s.scenarios().get(0).requests()).sum();
    assertEquals(summary.requests(), requestsInSnapshots);
    assertEquals(200.0, snapshots.get(0).scenarios().get(0).targetRatePerSecond());
    assertEquals(0, snapshots.get(0).second());
    assertNoThreadOfTheRunSurvives();
  }

  @Test
  void arrivalsBeyondTheCapAreDroppedAndCountedWhileTheRateHolds() throws Exception {
    Plan base = plan(scenario(0, "50/s", "3s", target.url("/slow/2000")));
    Plan plan = new Plan("capped", null, 20, Duration.ofSeconds(5), base.scenarios());
    List<IntervalSnapshot> snapshots = new CopyOnWriteArrayList<>();

    RunResult result = run(plan, snapshots::add);

    ScenarioSummary summary = result.summary().scenarios().get(0);
    List<ScenarioInterval> intervals =
        snapshots.stream().map(snapshot -> snapshot.scenarios().get(0)).toList();
    List<Long> inFlight = intervals.stream().map(ScenarioInterval::inFlight).toList();
    System.out.printf(
        "cap of 20 at 50/s against a 2 s target: in flight per second %s, %s%n", inFlight, summary);
    long started = summary.requests() + summary.interrupted();
    assertTrue(summary.dropped() > 0, "dropped " + summary.dropped());
    assertEquals(summary.arrivals(), started + summary.dropped());
    assertEquals(150, summary.arrivals());
    assertEquals(50.0, summary.arrivalRatePerSecond(), 50 * 0.05);

    // The intervals together hold every drop; at 1 s the first 20 arrivals (by 400 ms) are all
    // still waiting for their 2 s answers: the cap, and never more.
    assertEquals(summary.dropped(), intervals.stream().mapToLong(ScenarioInterval::dropped).sum());
    assertEquals(20, inFlight.get(0), "in flight at 1 s: " + inFlight);
    assertTrue(inFlight.stream().allMatch(count -> count <= 20), "in flight " + inFlight);
  }

  @Test
  void withOneConnectionTheServiceTimeStaysShortWhileTheLatencyCarriesTheQueueing()
      throws Exception {
    // 20/s for 1 s against a 100 ms answer through one connection: requests wait their turn, so
    // the n-th (intended at n * 50 ms) ends near (n + 1) * 100 ms, the last about 1,050 ms after
    // its intended start, while each is served in about 100 ms once sent.
    String yaml =
        """
        name: one connection
        scenarios:
          - name: queued
            load: {model: constant, rate: 20/s, duration: 1s}
            protocol: {type: http, maxConnectionsPerDestination: 1}
            steps: [{request: {url: "%s"}}]
        """
            .formatted(target.url("/slow/100?run=one-connection"));
    RunResult result = run(TestPlans.parse(yaml), RunObserver.NONE);

    ScenarioSummary summary = result.summary().scenarios().get(0);
    System.out.printf(
        "one connection: latency %s, service time %s%n", summary.latency(), summary.serviceTime());
    assertEquals(20, summary.requests());
    assertEquals(20, summary.successes());
    // One sample per request: no expected-interval correction adds samples of its own.
    assertEquals(summary.requests(), summary.latency().count());
    assertEquals(summary.requests(), summary.serviceTime().count());
    assertTrue(summary.serviceTime().p50Millis() >= 100, "service " + summary.serviceTime());
    assertTrue(summary.serviceTime().p50Millis() < 300, "service " + summary.serviceTime());
    assertTrue(summary.latency().maxMillis() >= 1000, "latency " + summary.latency());
    assertTrue(summary.latency().p50Millis() >= 400, "latency " + summary.latency());
  }

  @Test
  void notFoundResponsesAreClientErrorsAndNoThroughput() throws Exception {
    RunResult result = run(plan(scenario(0, "20/s", "1s", target.url("/status/404"))), s -> {});

    ScenarioSummary summary = result.summary().scenarios().get(0);
    assertEquals(20, summary.requests());
    assertEquals(0, summary.successes());
    assertEquals(summary.requests(), summary.failuresByKind().get("client_error"));
    assertEquals(0L, summary.failuresByKind().get("server_error"));
    assertEquals(0.0, summary.throughputPerSecond());
  }

  @Test
  void thePlanTimeoutEndsSlowRequestsAsTimeoutsMeasuredFromTheIntendedStart() throws Exception {
    Plan base = plan(scenario(0, "10/s", "1s", target.url("/slow/1500")));
    Plan plan = new Plan("timeouts", Duration.ofMillis(200), null, null, base.scenarios());

    RunResult result = run(plan, s -> {});

    ScenarioSummary summary = result.summary().scenarios().get(0);
    System.out.printf("200 ms plan timeout against a 1.5 s target: %s%n", summary.latency());
    assertEquals(10, summary.requests());
    assertEquals(10L, summary.failuresByKind().get("timeout"));
    assertTrue(summary.latency().minMillis() >= 200, "latency " + summary.latency());
    // The engine default is 30 s: ending well before 1.5 s shows the plan's 200 ms applied.
    assertTrue(summary.latency().maxMillis() < 1400, "latency " + summary.latency());
  }

  @Test
  void aRefusedConnectionIsAConnectError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/";

    RunResult result = run(plan(scenario(0, "10/s", "1s", url)), s -> {});

    ScenarioSummary summary = result.summary().scenarios().get(0);
    assertEquals(10, summary.requests());
    assertEquals(10L, summary.failuresByKind().get("connect_error"));
    assertEquals(0, summary.serviceTime().count(), "nothing was sent");
  }

  @Test
  void stopEndsTheRunAsStoppedWithinTheGracefulStop() throws Exception {
    Plan base = plan(scenario(0, "20/s", "30s", target.url("/slow/5000")));
    Plan plan = new Plan("stopped", null, null, Duration.ofMillis(300), base.scenarios());
    RunningTest running = engine.start(engine.compile(plan), RunObserver.NONE);

    Thread.sleep(1000);
    running.stop();
    RunResult result = running.completion().get(5, TimeUnit.SECONDS);

    ScenarioSummary summary = result.summary().scenarios().get(0);
    assertEquals(EndReason.STOPPED, result.endReason());
    assertNull(result.errorMessage());
    assertTrue(summary.interrupted() > 0, "interrupted " + summary.interrupted());
    assertEquals(summary.arrivals(), summary.interrupted() + summary.requests());
    assertTrue(result.summary().elapsedSeconds() < 10);
    running.stop();
    assertSame(result, running.completion().get());
  }

  @Test
  void aStopRacingTheNaturalEndGivesOneReasonAndCompletesOnce() throws Exception {
    for (int attempt = 0; attempt < 3; attempt++) {
      RunningTest running =
          engine.start(
              engine.compile(plan(scenario(0, "40/s", "500ms", target.url("/ok")))),
              RunObserver.NONE);
      AtomicInteger completions = new AtomicInteger();
      CountDownLatch completed = new CountDownLatch(1);
      running
          .completion()
          .whenComplete(
              (result, failure) -> {
                completions.incrementAndGet();
                completed.countDown();
              });

      Thread.sleep(480 + attempt * 10);
      Thread racer = Thread.ofPlatform().start(running::stop);
      running.stop();
      racer.join();
      RunResult result = running.completion().get(10, TimeUnit.SECONDS);

      assertTrue(
          result.endReason() == EndReason.COMPLETED || result.endReason() == EndReason.STOPPED);
      // get() may return before the future's callbacks have run on the completing thread.
      assertTrue(completed.await(10, TimeUnit.SECONDS), "the completion callback ran");
      assertEquals(1, completions.get());
      assertEquals(result.endReason(), running.completion().get().endReason());
    }
  }

  @Test
  void theRunKeepsLiveFiguresThatEndAsTheFinalOnes() throws Exception {
    RunningTest running =
        engine.start(
            engine.compile(plan(scenario(0, "20/s", "1s", target.url("/ok"), target.url("/ok")))),
            RunObserver.NONE);
    RunSummary early = running.liveSummary();
    RunResult result = running.completion().get(10, TimeUnit.SECONDS);

    assertNotNull(early);
    ScenarioSummary summary = result.summary().scenarios().get(0);
    assertEquals(40, summary.requests(), "two steps per iteration");
    assertEquals(2, summary.steps().size());
    assertEquals(20, summary.steps().get(1).requests());
    assertEquals(summary, running.liveSummary().scenarios().get(0));
  }

  @Test
  void theRunLastsItsPlannedDurationEvenWhenTheLastRequestEndsEarlier() throws Exception {
    // 5/s for 1 s: the last arrival is at 800 ms and ends at once; the run still lasts 1 s.
    RunResult result = run(plan(scenario(0, "5/s", "1s", target.url("/ok"))), s -> {});

    System.out.printf("5/s for 1 s lasted %.3f s%n", result.summary().elapsedSeconds());
    assertEquals(EndReason.COMPLETED, result.endReason());
    assertEquals(5, result.summary().scenarios().get(0).requests());
    assertTrue(result.summary().elapsedSeconds() >= 1.0, "" + result.summary().elapsedSeconds());
  }

  @Test
  void aStopWhileTheScheduleWaitsForItsEndEndsTheRunPromptly() throws Exception {
    // One arrival at 0, then nothing for 30 s but the wait for the planned end.
    RunningTest running =
        engine.start(
            engine.compile(plan(scenario(0, "2/m", "30s", target.url("/ok")))), RunObserver.NONE);

    Thread.sleep(300);
    LatencySummary liveLag = running.liveSummary().scenarios().get(0).schedulingLag();
    running.stop();
    RunResult result = running.completion().get(10, TimeUnit.SECONDS);

    assertEquals(1, liveLag.count(), "the live figures carry the scheduling lag");
    assertEquals(EndReason.STOPPED, result.endReason());
    assertEquals(1, result.summary().scenarios().get(0).requests());
    assertTrue(result.summary().elapsedSeconds() < 5, "" + result.summary().elapsedSeconds());
  }

  @Test
  void everySentRequestIsCompletedFailedBeforeAResponseOrInterrupted() throws Exception {
    // Step 1 answers; step 2 times out after 600 ms; a stop at 1.5 s with 100 ms of grace
    // leaves some step-2 requests in flight.
    Plan base = plan(scenario(0, "20/s", "30s", target.url("/ok"), target.url("/slow/5000")));
    Plan plan =
        new Plan("mixed", Duration.ofMillis(600), null, Duration.ofMillis(100), base.scenarios());
    RunningTest running = engine.start(engine.compile(plan), RunObserver.NONE);

    Thread.sleep(1_500);
    running.stop();
    RunResult result = running.completion().get(10, TimeUnit.SECONDS);

    ScenarioSummary summary = result.summary().scenarios().get(0);
    System.out.printf(
        "sent %d = completed %d + failed before a response %d + interrupted %d%n",
        summary.requestsSent(),
        summary.requestsCompleted(),
        summary.requestsFailedBeforeResponse(),
        summary.interrupted());
    assertTrue(summary.requestsCompleted() > 0);
    assertTrue(summary.requestsFailedBeforeResponse() > 0);
    assertTrue(summary.interrupted() > 0);
    assertEquals(
        summary.requestsSent(),
        summary.requestsCompleted()
            + summary.requestsFailedBeforeResponse()
            + summary.interrupted());
    assertEquals(
        summary.requests(), summary.requestsCompleted() + summary.requestsFailedBeforeResponse());
    assertEquals(summary.failuresByKind().get("timeout"), summary.requestsFailedBeforeResponse());
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
    RunningTest running = engine.start(engine.compile(TestPlans.parse(yaml)), RunObserver.NONE);

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

  @Test
  void intervalSnapshotsCarryEachStepAndTheSchedulingLag() throws Exception {
    List<IntervalSnapshot> snapshots = new CopyOnWriteArrayList<>();
    Plan plan = plan(scenario(0, "20/s", "2s", target.url("/ok"), target.url("/status/500")));

    RunResult result = run(plan, snapshots::add);

    ScenarioSummary summary = result.summary().scenarios().get(0);
    List<ScenarioInterval> intervals =
        snapshots.stream().map(snapshot -> snapshot.scenarios().get(0)).toList();
    long firstStep = intervals.stream().mapToLong(i -> i.steps().get(0).requests()).sum();
    long secondStepErrors =
        intervals.stream()
            .mapToLong(i -> i.steps().get(1).failuresByKind().get("server_error"))
            .sum();
    long lagSamples = intervals.stream().mapToLong(i -> i.schedulingLag().count()).sum();
    assertEquals(
        List.of("step 1", "step 2"),
        intervals.get(0).steps().stream().map(StepInterval::step).toList());
    assertEquals(40, firstStep);
    assertEquals(40, secondStepErrors);
    assertEquals(summary.arrivals(), lagSamples);
    assertNull(intervals.get(0).activeUsers(), "an open model has no users");
    assertTrue(intervals.stream().anyMatch(i -> i.steps().get(0).latency().count() > 0));
  }

  private RunResult run(Plan plan, RunObserver observer) throws Exception {
    RunningTest running = engine.start(engine.compile(plan), observer);
    return running.completion().get(30, TimeUnit.SECONDS);
  }

  private static void assertOrdered(LatencySummary latency) {
    assertTrue(latency.count() > 0);
    assertTrue(latency.minMillis() <= latency.p50Millis(), latency.toString());
    assertTrue(latency.p50Millis() <= latency.p90Millis(), latency.toString());
    assertTrue(latency.p90Millis() <= latency.p95Millis(), latency.toString());
    assertTrue(latency.p95Millis() <= latency.p99Millis(), latency.toString());
    assertTrue(latency.p99Millis() <= latency.maxMillis(), latency.toString());
  }

  private static void assertNoThreadOfTheRunSurvives() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    List<String> survivors = List.of();
    while (System.nanoTime() < deadline) {
      survivors =
          Thread.getAllStackTraces().keySet().stream()
              .filter(Thread::isAlive)
              .map(Thread::getName)
              .filter(name -> name.startsWith("loadline-"))
              .toList();
      if (survivors.isEmpty()) {
        return;
      }
      Thread.sleep(50);
    }
    assertEquals(List.of(), survivors, "threads of the run still alive");
  }
}
