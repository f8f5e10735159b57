package io.loadline.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Under an allow-list, a plan that follows redirects is saved and runs, and each redirect is
 * checked during the run: one to a host outside the list is not followed and fails the request, one
 * that stays inside is followed. A redirector on 127.0.0.1 (in the list) sends {@code /away} on to
 * a landing target on another port (not in the list) and {@code /home} on to itself; each test has
 * its own pair.
 */
class RedirectPolicyTest {

  @TempDir Path dataDirectory;
  private TestTarget landing;
  private Server redirector;
  private String redirectorBase;

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
            String path = request.getHttpURI().getPath();
            if (path.equals("/away")) {
              Response.sendRedirect(
                  request, response, callback, 302, landing.url("/landed"), false);
            } else if (path.equals("/secret")) {
              String landingAuthority = URI.create(landing.url("/")).getRawAuthority();
              // Written as is: Jetty's sendRedirect refuses a location with user information.
              response.setStatus(302);
              response
                  .getHeaders()
                  .put(
                      "Location",
                      "http://agent:s3cret@" + landingAuthority + "/landed?token=t0ken#frag");
              response.write(true, null, callback);
            } else if (path.equals("/invalid")) {
              response.setStatus(302);
              response.getHeaders().put("Location", "/landed?token=t0ken and more");
              response.write(true, null, callback);
            } else if (path.equals("/home")) {
              Response.sendRedirect(request, response, callback, 302, "/arrived", false);
            } else {
              response.setStatus(200);
              response.write(true, null, callback);
            }
            return true;
          }
        });
    redirector.start();
    redirectorBase = "http://127.0.0.1:" + connector.getLocalPort();
  }

  @AfterEach
  void stopTargets() throws Exception {
    redirector.stop();
    landing.close();
  }

  @Test
  void underAnAllowListARedirectOutsideItFailsTheRequestAndSendsNothingThere() throws Exception {
    int redirectorPort = URI.create(redirectorBase).getPort();
    SecurityConfig security =
        SecurityConfig.fromEnvironment(
            Map.of("LOADLINE_ALLOWED_TARGETS", "127.0.0.1:" + redirectorPort));
    try (TestServer test = TestServer.start(dataDirectory, security)) {
      String token = test.adminToken();
      String report = runToItsEnd(test, token, plan("guarded", "/away", "/home"));

      assertEquals(List.of(), List.copyOf(landing.requestTargets()), "nothing sent outside");
      JsonNode steps = test.readJson(report).at("/summary/scenarios/0/steps");
      JsonNode away = steps.get(0);
      JsonNode home = steps.get(1);
      assertEquals("away", away.get("name").asText(), steps.toString());
      assertEquals(2, away.get("requests").asLong(), away.toString());
      assertEquals(2, away.at("/failuresByKind/other_error").asLong(), away.toString());
      // Where it was sent, without its path, and not the list itself: viewers read this.
      URI landed = URI.create(landing.url("/"));
      assertEquals(
          "the redirect to http://127.0.0.1:"
              + landed.getPort()
              + " was refused: its host is not in LOADLINE_ALLOWED_TARGETS",
          away.at("/failureMessages/0/message").asText(),
          away.toString());
      assertEquals(2, away.at("/failureMessages/0/count").asLong(), away.toString());
      assertEquals("home", home.get("name").asText(), steps.toString());
      assertEquals(2, home.get("successes").asLong(), "followed inside the list: " + home);
      assertEquals(0, home.get("failures").asLong(), home.toString());
    }
  }

  @Test
  void aRefusedRedirectsMessageNamesItsHostButNotItsCredentialsOrQuery() throws Exception {
    int redirectorPort = URI.create(redirectorBase).getPort();
    int landingPort = URI.create(landing.url("/")).getPort();
    SecurityConfig security =
        SecurityConfig.fromEnvironment(
            Map.of("LOADLINE_ALLOWED_TARGETS", "127.0.0.1:" + redirectorPort));
    try (TestServer test = TestServer.start(dataDirectory, security)) {
      String token = test.adminToken();
      String report = runToItsEnd(test, token, plan("secrets", "/secret", "/home"));

      assertEquals(List.of(), List.copyOf(landing.requestTargets()), "nothing sent outside");
      JsonNode messages = test.readJson(report).at("/summary/scenarios/0/steps/0/failureMessages");
      assertEquals(1, messages.size(), messages.toString());
      String message = messages.get(0).get("message").asText();
      assertTrue(message.contains("127.0.0.1:" + landingPort), message);
      assertFalse(report.contains("s3cret"), message);
      assertFalse(report.contains("agent"), message);
      assertFalse(report.contains("t0ken"), message);
      assertEquals(2, messages.get(0).get("count").asLong(), messages.toString());
    }
  }

  @Test
  void anInvalidRedirectsMessageGivesTheReasonWithoutQuotingTheLocation() throws Exception {
    try (TestServer test = TestServer.start(dataDirectory, SecurityConfig.defaults())) {
      String token = test.adminToken();
      String report = runToItsEnd(test, token, plan("invalid", "/invalid", "/home"));

      JsonNode messages = test.readJson(report).at("/summary/scenarios/0/steps/0/failureMessages");
      assertEquals(1, messages.size(), messages.toString());
      assertEquals(
          "a redirect to an invalid location: Illegal character in query at index 19",
          messages.get(0).get("message").asText());
      assertFalse(report.contains("t0ken"), messages.toString());
    }
  }

  @Test
  void withoutAnAllowListAPlanFollowingRedirectsRunsAndLandsWhereItWasSent() throws Exception {
    try (TestServer test = TestServer.start(dataDirectory, SecurityConfig.defaults())) {
      String token = test.adminToken();
      HttpResponse<String> saved = save(test, token, plan("open", "/away", "/home"));
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

  /** Saves the plan, runs it to its end, and answers the run's report.json. */
  private static String runToItsEnd(TestServer test, String token, String yaml)
      throws InterruptedException {
    HttpResponse<String> saved = save(test, token, yaml);
    assertEquals(201, saved.statusCode(), saved.body());
    long planId = test.readJson(saved.body()).get("id").asLong();
    HttpResponse<String> run = startRun(test, token, planId);
    assertEquals(201, run.statusCode(), run.body());
    long runId = test.readJson(run.body()).get("id").asLong();
    test.server.runs().awaitEnd(runId, Duration.ofSeconds(20)).orElseThrow();
    return test.get("/api/v1/runs/" + runId + "/report.json", token).body();
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

  /** Two GETs of the redirector, each following its redirect. */
  private String plan(String name, String firstPath, String secondPath) {
    return """
        name: %s
        gracefulStop: 2s
        scenarios:
          - name: hop
            load: {model: constant, rate: 2/s, duration: 1s}
            protocol: {type: http, followRedirects: true}
            steps:
              - name: away
                request: {method: GET, url: "%s%s"}
              - name: home
                request: {method: GET, url: "%s%s"}
        """
        .formatted(name, redirectorBase, firstPath, redirectorBase, secondPath);
  }
}
