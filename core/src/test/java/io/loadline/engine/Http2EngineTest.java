package io.loadline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.testsupport.TestTarget;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Whole runs through the engine with the http protocol's {@code version: 2} (h2c targets). */
class Http2EngineTest {

  private final Engine engine = new Engine(TestPlans.builtInPlugins(), TestPlans.settings());

  @Test
  void anOpenModelRunOverHttp2CountsEveryRequestOnOneConnection() throws Exception {
    try (TestTarget target = TestTarget.http2()) {
      // 40 arrivals in 1 s of 200 ms answers: several in flight at once, all on one connection.
      RunResult result =
          run(
              """
              name: h2 open
              scenarios:
                - name: h2
                  load: {model: constant, rate: 40/s, duration: 1s}
                  protocol: {type: http, version: 2, maxConnectionsPerDestination: 1}
                  steps: [{request: {url: "%s"}}]
              """
                  .formatted(target.url("/slow/200")));

      ScenarioSummary summary = result.summary().scenarios().get(0);
      assertEquals(40, summary.requests());
      assertEquals(40, summary.successes());
      assertEquals(40, target.requestVersions().size());
      assertTrue(
          target.requestVersions().stream().allMatch("HTTP/2.0"::equals),
          "versions: " + target.requestVersions());
      assertEquals(1, target.connectionsOpened(), "connections to the target");
      // Served in about 200 ms each: they shared the connection instead of waiting in turn.
      assertTrue(summary.serviceTime().maxMillis() < 1000, "service " + summary.serviceTime());
    }
  }

  @Test
  void aClosedModelRunOverHttp2CountsWhatTheServerSaw() throws Exception {
    try (TestTarget target = TestTarget.http2()) {
      RunResult result =
          run(
              """
              name: h2 closed
              scenarios:
                - name: h2
                  load: {model: users, users: 5, duration: 1s}
                  protocol: {type: http, version: "2"}
                  steps:
                    - request: {url: "%s"}
                    - request: {url: "%s"}
              """
                  .formatted(target.url("/ok"), target.url("/status/503")));

      ScenarioSummary summary = result.summary().scenarios().get(0);
      assertTrue(summary.requests() > 10, "requests " + summary.requests());
      assertEquals(summary.requests(), target.requestTargets().size());
      assertEquals(summary.requests(), summary.successes() + summary.failures());
      assertEquals(summary.failures(), summary.failuresByKind().get("server_error"));
      assertEquals(
          target.requestTargets().stream().filter("/status/503"::equals).count(),
          summary.failures());
      assertTrue(target.requestVersions().stream().allMatch("HTTP/2.0"::equals));
    }
  }

  @Test
  void version2AgainstAnHttp11OnlyServerFailsEveryRequestAsOtherError() throws Exception {
    try (TestTarget target = new TestTarget()) {
      RunResult result =
          run(
              """
              name: h2 against 1.1
              scenarios:
                - name: h2
                  load: {model: constant, rate: 10/s, duration: 1s}
                  protocol: {type: http, version: 2}
                  steps: [{request: {url: "%s"}}]
              """
                  .formatted(target.url("/ok")));

      ScenarioSummary summary = result.summary().scenarios().get(0);
      assertEquals(10, summary.requests());
      assertEquals(0, summary.successes());
      assertEquals(10L, summary.failuresByKind().get("other_error"));
      assertTrue(target.requestTargets().isEmpty(), "the server understood no request");
    }
  }

  private RunResult run(String yaml) throws Exception {
    RunningTest running = engine.start(engine.compile(TestPlans.parse(yaml)), RunObserver.NONE);
    return running.completion().get(30, TimeUnit.SECONDS);
  }
}
