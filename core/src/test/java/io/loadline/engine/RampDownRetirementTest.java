package io.loadline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.testsupport.TestTarget;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a ramp-down does to the users it retires, against real Jetty targets on 127.0.0.1: an
 * iteration that outlives the graceful stop has its request aborted (the target sees the connection
 * closed while the run goes on), and a user waiting out a think time stops at once instead of
 * sleeping the wait out.
 */
class RampDownRetirementTest {

  private static HoldingTarget holding;
  private static TestTarget target;
  private final Engine engine = new Engine(TestPlans.builtInPlugins(), TestPlans.settings());

  @BeforeAll
  static void startTargets() throws Exception {
    holding = new HoldingTarget();
    target = new TestTarget();
  }

  @AfterAll
  static void stopTargets() throws Exception {
    holding.close();
    target.close();
  }

  @Test
  void anAbandonedIterationsRequestIsAbortedSoItsConnectionClosesWhileTheRunGoesOn()
      throws Exception {
    // Three users from 100 ms, each in a request the target holds for 15 s; from 300 ms to 400 ms
    // the count falls to 0. After the 500 ms graceful stop (by about 0.9 s) their requests are
    // given up and aborted, each on its own connection, long before the run's end at 4.4 s.
    String yaml =
        """
        name: ramp down aborts
        timeout: 20s
        gracefulStop: 500ms
        scenarios:
          - name: users
            load:
              model: ramping-users
              stages:
                - {users: 3, duration: 100ms}
                - {users: 3, duration: 200ms}
                - {users: 0, duration: 100ms}
                - {users: 0, duration: 4s}
            steps:
              - request: {url: "%s"}
        """
            .formatted(holding.url("/hold/15000"));
    EngineRun running =
        (EngineRun) engine.start(engine.compile(TestPlans.parse(yaml)), RunObserver.NONE);

    // Watch the target for the three held requests' connections to close.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (holding.closedConnections().size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    boolean runWentOnMeanwhile = !running.completion().isDone();
    RunResult result = running.completion().get(30, TimeUnit.SECONDS);

    ScenarioSummary summary = result.summary().scenarios().get(0);
    List<Double> closedSeconds =
        holding.closedConnections().stream()
            .map(nanos -> (nanos - running.originNanos()) / 1e9)
            .toList();
    System.out.printf(
        "ramp-down abort: connections closed at %s s, run %.3f s, %s%n",
        closedSeconds, result.summary().elapsedSeconds(), summary);
    assertEquals(3, holding.heldRequests().size(), "three held requests reached the target");
    assertEquals(3, closedSeconds.size(), "the target saw the three connections closed");
    assertTrue(runWentOnMeanwhile, "closed by the run's end, not by the ramp-down's abort");
    // Nothing is given up before the graceful stop: the earliest retirement is at 300 ms.
    assertTrue(closedSeconds.get(0) >= 0.8, "aborted before the graceful stop: " + closedSeconds);
    // Well before the 15 s hold or the 20 s timeout would have ended them; slack for a busy box.
    assertTrue(closedSeconds.get(2) < 3.5, "aborted late: " + closedSeconds);
    assertEquals(EndReason.COMPLETED, result.endReason());
    assertEquals(3, summary.requestsSent());
    assertEquals(3, summary.interrupted(), "the three given-up requests");
    assertEquals(3, summary.interruptedIterations());
    assertEquals(0, summary.requests(), "an aborted request is not also an ended one");
    assertEquals(0, summary.failures(), "nor a failure");
    assertEquals(
        summary.requestsSent(),
        summary.requestsCompleted()
            + summary.requestsFailedBeforeResponse()
            + summary.interrupted());
  }

  @Test
  void aRetiringUserWaitingOutItsThinkTimeStopsAtOnce() throws Exception {
    // Two users make one quick request each, then would wait 10 s; from 500 ms to 600 ms the count
    // falls to 0. They retire then, not after their 10 s wait, so no active user is left by 2 s.
    String yaml =
        """
        name: ramp down think time
        gracefulStop: 5s
        scenarios:
          - name: users
            load:
              model: ramping-users
              thinkTime: 10s
              stages:
                - {users: 2, duration: 100ms}
                - {users: 2, duration: 400ms}
                - {users: 0, duration: 100ms}
                - {users: 0, duration: 2400ms}
            steps:
              - request: {url: "%s"}
        """
            .formatted(target.url("/ok?run=think-time"));
    List<IntervalSnapshot> snapshots = new CopyOnWriteArrayList<>();
    RunningTest running = engine.start(engine.compile(TestPlans.parse(yaml)), snapshots::add);
    RunResult result = running.completion().get(30, TimeUnit.SECONDS);

    ScenarioSummary summary = result.summary().scenarios().get(0);
    List<Integer> activeUsers = activeUsers(snapshots);
    System.out.printf(
        "ramp-down in a think time: active per second %s, run %.3f s, %s%n",
        activeUsers, result.summary().elapsedSeconds(), summary);
    assertEquals(EndReason.COMPLETED, result.endReason());
    assertEquals(2, summary.usersIterated());
    assertEquals(2, summary.requestsSent(), "one iteration each: the 10 s wait never ended");
    assertEquals(2, summary.successes());
    assertEquals(0, summary.interrupted());
    assertEquals(0, summary.interruptedIterations(), "a wait between iterations is no iteration");
    assertTrue(activeUsers.size() >= 2, "snapshots " + activeUsers);
    assertEquals(0, activeUsers.get(1), "both users retired by 2 s: " + activeUsers);
    // The scenario ends at its planned 3 s, not when the 10 s waits would have.
    assertTrue(result.summary().elapsedSeconds() < 8, "run " + result.summary().elapsedSeconds());
  }

  @Test
  void aRetiringUserPausedInAThinkStepStopsWhenTheGracefulStopRunsOut() throws Exception {
    // Two users make a quick request, then pause 10 s in a think step; the count falls to 0 at
    // about 500 ms, so after the 500 ms graceful stop their iterations are given up, by about
    // 1.1 s, with no request out; the users are gone well before the 2 s snapshot.
    String yaml =
        """
        name: ramp down think step
        gracefulStop: 500ms
        scenarios:
          - name: users
            load:
              model: ramping-users
              stages:
                - {users: 2, duration: 100ms}
                - {users: 2, duration: 400ms}
                - {users: 0, duration: 100ms}
                - {users: 0, duration: 2400ms}
            steps:
              - request: {url: "%s"}
              - think: 10s
        """
            .formatted(target.url("/ok?run=think-step"));
    List<IntervalSnapshot> snapshots = new CopyOnWriteArrayList<>();
    RunningTest running = engine.start(engine.compile(TestPlans.parse(yaml)), snapshots::add);
    RunResult result = running.completion().get(30, TimeUnit.SECONDS);

    ScenarioSummary summary = result.summary().scenarios().get(0);
    List<Integer> activeUsers = activeUsers(snapshots);
    System.out.printf(
        "ramp-down in a think step: active per second %s, run %.3f s, %s%n",
        activeUsers, result.summary().elapsedSeconds(), summary);
    assertEquals(EndReason.COMPLETED, result.endReason());
    assertEquals(2, summary.requestsSent());
    assertEquals(2, summary.successes());
    assertEquals(0, summary.interrupted(), "no request was out during the pause");
    assertEquals(2, summary.interruptedIterations(), "the two paused iterations");
    assertTrue(activeUsers.size() >= 2, "snapshots " + activeUsers);
    assertEquals(0, activeUsers.get(1), "both users retired by 2 s: " + activeUsers);
    assertTrue(result.summary().elapsedSeconds() < 8, "run " + result.summary().elapsedSeconds());
  }

  private static List<Integer> activeUsers(List<IntervalSnapshot> snapshots) {
    return snapshots.stream().map(s -> s.scenarios().get(0).activeUsers()).toList();
  }

  /**
   * A Jetty target on 127.0.0.1 whose {@code /hold/N} is a slow answer: a status, then a byte every
   * 100 ms for N ms, without holding a thread, noting each request and when each connection closes.
   * It writes while it holds the request because a Jetty server reads nothing from a connection
   * whose request it is still handling, so only a write shows it that the client went away.
   * Thread-safe.
   */
  private static final class HoldingTarget implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
    private final Queue<String> heldRequests = new ConcurrentLinkedQueue<>();
    private final Queue<Long> closedConnections = new ConcurrentLinkedQueue<>();

    HoldingTarget() throws Exception {
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      connector.addBean(
          new Connection.Listener() {
            @Override
            public void onClosed(Connection connection) {
              closedConnections.add(System.nanoTime());
            }
          });
      server.addConnector(connector);
      server.setHandler(
          new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
              String path = request.getHttpURI().getPath();
              heldRequests.add(path);
              long holdMillis = Long.parseLong(path.substring("/hold/".length()));
              response.setStatus(200);
              drip(response, callback, System.nanoTime() + holdMillis * 1_000_000);
              return true;
            }
          });
      server.start();
    }

    /** Writes a byte, and again 100 ms after, until {@code endNanos}; a failed write ends it. */
    private void drip(Response response, Callback callback, long endNanos) {
      boolean last = System.nanoTime() - endNanos >= 0;
      Callback next =
          Callback.from(
              () -> {
                if (last) {
                  callback.succeeded();
                } else {
                  delays.schedule(
                      () -> drip(response, callback, endNanos), 100, TimeUnit.MILLISECONDS);
                }
              },
              callback::failed);
      response.write(last, ByteBuffer.wrap(new byte[] {'.'}), next);
    }

    String url(String pathAndQuery) {
      return "http://127.0.0.1:" + connector.getLocalPort() + pathAndQuery;
    }

    Queue<String> heldRequests() {
      return heldRequests;
    }

    /** When each connection closed, by {@link System#nanoTime()}, in the order they closed. */
    Queue<Long> closedConnections() {
      return closedConnections;
    }

    @Override
    public void close() throws Exception {
      delays.shutdownNow();
      server.stop();
    }
  }
}
