package io.loadline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.testsupport.TestTarget;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A run says why its requests failed, per step, against a real target on 127.0.0.1. */
class FailureMessagesEngineTest {

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
  void eachStepCountsItsFailuresByKindAndMessage() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort(); // nothing listens there once it is closed
    }
    String yaml =
        """
        name: failure messages
        gracefulStop: 5s
        scenarios:
          - name: mixed
            load: {model: constant, rate: 10/s, duration: 1s}
            steps:
              - name: unavailable
                request: {url: "%s"}
              - name: slow
                request: {url: "%s", timeout: 100ms}
              - name: nowhere
                request: {url: "http://127.0.0.1:%d/"}
              - name: fine
                request: {url: "%s"}
        """
            .formatted(
                target.url("/status/503"), target.url("/slow/2000"), closedPort, target.url("/ok"));

    RunResult result =
        engine
            .start(engine.compile(TestPlans.parse(yaml)), RunObserver.NONE)
            .completion()
            .get(30, TimeUnit.SECONDS);

    List<StepSummary> steps = result.summary().scenarios().get(0).steps();
    System.out.printf(
        "failure messages: %s%n", steps.stream().map(s -> s.failureMessages()).toList());
    // A 503 is a response, so the iteration goes on to the next step; a timeout or a refused
    // connection as well: every step saw the 10 arrivals.
    assertEquals(
        List.of(new FailureMessage("server_error", "status 503", 10)),
        steps.get(0).failureMessages());
    // One message for every timeout, whatever Jetty's wording ("Idle timeout expired: 115/100
    // ms" made each timeout a message of its own).
    assertEquals(
        List.of(
            new FailureMessage("timeout", "no complete response within the 100 ms timeout", 10)),
        steps.get(1).failureMessages());
    FailureMessage refused = steps.get(2).failureMessages().get(0);
    assertEquals("connect_error", refused.kind());
    assertEquals(10, refused.count(), steps.get(2).failureMessages().toString());
    assertTrue(refused.message().contains("Connect"), refused.message());
    assertEquals(List.of(), steps.get(3).failureMessages());
    for (StepSummary step : steps) {
      long counted = step.failureMessages().stream().mapToLong(FailureMessage::count).sum();
      assertEquals(step.failures(), counted, step.name() + ": every failure has its message");
    }
    assertEquals(10, steps.get(3).successes());
  }
}
