package io.loadline.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.run.RunState;
import io.loadline.testsupport.TestTarget;
import io.loadline.web.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While an allow-list is set, a plan that follows redirects is refused, since a redirect may lead
 * anywhere and its target is only known during the run; without a list such a plan runs. A
 * redirector on 127.0.0.1 (in the list) sends every request on to a landing target on another port
 * (not in the list); each test has its own pair.
 */
class RedirectPolicyTest {

  private static final String REFUSAL = "following redirects is refused while";

  @TempDir Path dataDirectory;
  private TestTarget landing;
  private Server redirector;
  private String redirectUrl;

  @BeforeEach
  void startTargets() throws Exception {
    landing = new TestTarget();
    redirector = new Server();
    ServerConnector connector = new ServerConnector(redirector);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    redirector.addConnector(connector);
    redirector.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            Response.sendRedirect(request, response, callback, 302, landing.url("/landed"), false);
            return true;
          }
        });
    redirector.start();
    redirectUrl = "http://127.0.0.1:" + connector.getLocalPort() + "/redir";
  }

  @AfterEach
  void stopTargets() throws Exception {
    redirector.stop();
    landing.close();
  }

  @Test
  void underAnAllowListAPlanFollowingRedirectsIsRefusedWhereverItSaysSo() {
    int redirectorPort = URI.create(redirectUrl).getPort();
    SecurityConfig security =
        SecurityConfig.fromEnvironment(
            Map.of("LOADLINE_ALLOWED_TARGETS", "127.0.0.1:" + redirectorPort));
    try (TestServer test = TestServer.start(dataDirectory, security)) {
      String token = test.adminToken();

      HttpResponse<String> stepLevel = save(test, token, plan("step", "", "true"));
      HttpResponse<String> protocolLevel =
          save(test, token, plan("protocol", "followRedirects: true", null));
      HttpResponse<String> notFollowing =
          save(test, token, plan("plain", "followRedirects: true", "false"));

      assertRefused(stepLevel, "scenarios[0].steps[0].request.followRedirects: ");
      assertRefused(protocolLevel, "scenarios[0].protocol.followRedirects: ");
      assertEquals(201, notFollowing.statusCode(), notFollowing.body());
      long stored = test.server.plans().create("old", "yaml", plan("old", "", "true")).id();
      HttpResponse<String> run = startRun(test, token, stored);
      assertRefused(run, "scenarios[0].steps[0].request.followRedirects: ");
      assertEquals(List.of(), test.server.runs().list(Optional.of(stored), 10));
      assertEquals(List.of(), List.copyOf(landing.requestTargets()));
    }
  }

  @Test
  void withoutAnAllowListAPlanFollowingRedirectsRunsAndLandsWhereItWasSent() throws Exception {
    try (TestServer test = TestServer.start(dataDirectory, SecurityConfig.defaults())) {
      String token = test.adminToken();
      HttpResponse<String> saved = save(test, token, plan("open", "", "true"));
      assertEquals(201, saved.statusCode(), saved.body());
      long planId = test.readJson(saved.body()).get("id").asLong();

      HttpResponse<String> run = startRun(test, token, planId);
      assertEquals(201, run.statusCode(), run.body());
      long runId = test.readJson(run.body()).get("id").asLong();

      RunState ended =
          test.server.runs().awaitEnd(runId, Duration.ofSeconds(20)).orElseThrow().state();
      assertEquals(RunState.PASSED, ended);
      assertTrue(landing.requestTargets().contains("/landed"), landing.requestTargets().toString());
    }
  }

  private static void assertRefused(HttpResponse<String> response, String path) {
    assertEquals(403, response.statusCode(), response.body());
    assertTrue(response.body().contains(path + REFUSAL), response.body());
    assertTrue(response.body().contains("LOADLINE_ALLOWED_TARGETS"), response.body());
  }

  private static HttpResponse<String> save(TestServer test, String token, String yaml) {
    return test.send(
        test.request("/api/v1/plans", token)
            .header("Content-Type", "application/yaml")
            .POST(HttpRequest.BodyPublishers.ofString(yaml)));
  }

  private static HttpResponse<String> startRun(TestServer test, String token, long planId) {
    return test.send(
        test.request("/api/v1/plans/" + planId + "/runs", token)
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** One GET of the redirector, with optional protocol settings and step followRedirects. */
  private String plan(String name, String protocolSettings, String stepFollows) {
    return """
        name: %s
        gracefulStop: 2s
        scenarios:
          - name: hop
            load: {model: constant, rate: 2/s, duration: 1s}
            protocol: {type: http%s}
            steps:
              - name: redirected
                request:
                  method: GET
                  url: %s
        %s"""
        .formatted(
            name,
            protocolSettings.isEmpty() ? "" : ", " + protocolSettings,
            redirectUrl,
            stepFollows == null ? "" : "          followRedirects: " + stepFollows + "\n");
  }
}
