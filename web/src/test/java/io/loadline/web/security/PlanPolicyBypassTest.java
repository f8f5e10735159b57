package io.loadline.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.run.RunRecord;
import io.loadline.store.StoredPlan;
import io.loadline.store.User;
import io.loadline.testsupport.TestTarget;
import io.loadline.web.Plans;
import io.loadline.web.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The allow-list and the run caps hold whatever spelling the path uses, whatever the dashboard's
 * overrides say, and for the dashboard's form posts. Two targets on 127.0.0.1: one the allow-list
 * admits, one it excludes (which must never see a request).
 */
class PlanPolicyBypassTest {

  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @TempDir static Path dataDirectory;
  private static TestTarget allowed;
  private static TestTarget excluded;
  private static TestServer test;
  private static String operatorToken;

  @BeforeAll
  static void start() throws Exception {
    allowed = new TestTarget();
    excluded = new TestTarget();
    int allowedPort = URI.create(allowed.url("/")).getPort();
    SecurityConfig security =
        SecurityConfig.fromEnvironment(
            Map.of(
                "LOADLINE_ALLOWED_TARGETS",
                "127.0.0.1:" + allowedPort,
                "LOADLINE_MAX_RATE_OPERATOR",
                "10/s"));
    test = TestServer.start(dataDirectory, security);
    User operator = test.createUser("opal", "operator-password", "operator");
    operatorToken = test.tokenFor(operator);
  }

  @AfterAll
  static void stop() throws Exception {
    test.close();
    allowed.close();
    excluded.close();
  }

  @Test
  void noSpellingOfThePlanIdStartsARunOfAPlanOutsideTheAllowList() {
    long id = storedBeforeTheAllowList("old", excluded.url(""), "5/s", "1s");

    for (String spelling : List.of("+" + id, "%2B" + id, "%20" + id, id + "%20", "%D9%A1")) {
      HttpResponse<String> api = post("/api/v1/plans/" + spelling + "/runs");
      assertEquals(400, api.statusCode(), spelling + ": " + api.body());
      HttpResponse<String> dashboard = postForm("/plans/" + spelling + "/run", "");
      assertEquals(400, dashboard.statusCode(), spelling + ": " + dashboard.body());
    }
    for (String spelling : List.of(String.valueOf(id), "0" + id, "000" + id)) {
      HttpResponse<String> api = post("/api/v1/plans/" + spelling + "/runs");
      assertEquals(403, api.statusCode(), spelling + ": " + api.body());
      assertTrue(api.body().contains("LOADLINE_ALLOWED_TARGETS"), api.body());
      HttpResponse<String> dashboard = postForm("/plans/" + spelling + "/run", "");
      assertEquals(403, dashboard.statusCode(), spelling + ": " + dashboard.body());
    }

    assertEquals(List.of(), test.server.runs().list(Optional.of(id), 10));
    assertEquals(List.of(), List.copyOf(excluded.requestTargets()));
  }

  @Test
  void aPlaceholderInFrontOfTheSchemeCannotAimAPlanOutsideTheAllowList() {
    // The allowed target's URL, behind a variable that holds the excluded target's URL and a '?'
    // that would turn the allowed one into a query: the request would reach the excluded target.
    String prefixed =
        """
        name: prefixed
        gracefulStop: 1s
        scenarios:
          - name: browse
            variables: {pre: "%s/?"}
            load: {model: constant, rate: 2/s, duration: 1s}
            steps:
              - request: {url: "{{pre}}%s/x"}
              - group:
                  repeat: 1
                  steps:
                    - if: {var: pre, exists: true}
                      steps:
                        - request: {url: "{{pre}}%s/y"}
        """
            .formatted(excluded.url(""), allowed.url(""), allowed.url(""));

    HttpResponse<String> saved =
        test.send(
            test.request("/api/v1/plans", operatorToken)
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(prefixed)));

    assertEquals(403, saved.statusCode(), saved.body());
    String error = test.readJson(saved.body()).get("error").asText();
    assertTrue(error.contains("scenarios[0].steps[0].request.url: "), error);
    assertTrue(
        error.contains("scenarios[0].steps[1].group.steps[0].steps[0].request.url: "), error);
    assertTrue(error.contains("placeholder in its scheme, host or port"), error);
    assertTrue(test.server.plans().list().stream().noneMatch(p -> p.name().equals("prefixed")));

    long stored = test.server.plans().create("prefixed-old", "yaml", prefixed).id();
    HttpResponse<String> run = post("/api/v1/plans/" + stored + "/runs");
    assertEquals(403, run.statusCode(), run.body());
    assertEquals(List.of(), test.server.runs().list(Optional.of(stored), 10));
    assertEquals(List.of(), List.copyOf(excluded.requestTargets()));
  }

  @Test
  void dashboardOverridesAboveTheRateCapAreRefusedAndWithinItTheRunStarts() throws Exception {
    long id = storedBeforeTheAllowList("small", allowed.url(""), "5/s", "1s");

    HttpResponse<String> refused = postForm("/plans/" + id + "/run", "rate=40/s&duration=2s");

    assertEquals(403, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("40/s exceeds the operator limit of 10/s"), refused.body());
    assertTrue(refused.body().contains("LOADLINE_MAX_RATE_OPERATOR"), refused.body());
    assertEquals(List.of(), test.server.runs().list(Optional.of(id), 10));
    assertEquals(List.of(), List.copyOf(allowed.requestTargets()));
    assertEquals("denied", test.server.security().auditLog().list(1).get(0).outcome());

    HttpResponse<String> started = postForm("/plans/" + id + "/run", "rate=8/s&duration=1s");

    assertEquals(303, started.statusCode(), started.body());
    long runId = test.server.runs().list(Optional.of(id), 10).getFirst().id();
    Optional<RunRecord> ended = test.server.runs().awaitEnd(runId, Duration.ofSeconds(20));
    assertTrue(ended.isPresent(), "the run did not end");
    int requests = allowed.requestTargets().size();
    assertTrue(requests >= 1 && requests <= 8, "requests at the target: " + requests);
  }

  @Test
  void theDashboardCreatesAndEditsAnAllowedPlanUnderAnAllowListAndCaps() {
    HttpResponse<String> created =
        postForm("/plans", "source=" + enc(Plans.yaml("form", allowed.url(""), "5/s", "1s")));

    assertEquals(303, created.statusCode(), created.body());
    String location = created.headers().firstValue("Location").orElseThrow();
    long id = Long.parseLong(location.substring("/plans/".length()));
    assertEquals("form", test.server.plans().find(id).orElseThrow().name());

    HttpResponse<String> edited =
        postForm(
            "/plans/" + id, "source=" + enc(Plans.yaml("edited", allowed.url(""), "5/s", "1s")));

    assertEquals(303, edited.statusCode(), edited.body());
    assertEquals("/plans/" + id, edited.headers().firstValue("Location").orElseThrow());
    assertEquals("edited", test.server.plans().find(id).orElseThrow().name());
  }

  @Test
  void theDashboardShowsTheAllowListRefusalOnTheFormAndStoresNothing() {
    long id = storedBeforeTheAllowList("kept", allowed.url(""), "5/s", "1s");
    String outside = Plans.yaml("outside", excluded.url(""), "5/s", "1s");

    HttpResponse<String> create = postForm("/plans", "source=" + enc(outside));
    HttpResponse<String> edit = postForm("/plans/" + id, "source=" + enc(outside));

    for (HttpResponse<String> refused : List.of(create, edit)) {
      assertEquals(403, refused.statusCode(), refused.body());
      assertTrue(refused.body().contains("The plan was not saved: 1 problem(s)"), refused.body());
      assertTrue(
          refused.body().contains("<code>scenarios[0].steps[0].request.url</code>"),
          refused.body());
      assertTrue(refused.body().contains("is not in LOADLINE_ALLOWED_TARGETS"), refused.body());
      assertTrue(refused.body().contains("name: outside"), refused.body()); // the source is kept
    }
    assertEquals("kept", test.server.plans().find(id).orElseThrow().name());
    assertTrue(test.server.plans().list().stream().noneMatch(p -> p.name().equals("outside")));
  }

  /** A plan stored directly, as one saved before the allow-list was set would be. */
  private static long storedBeforeTheAllowList(
      String name, String baseUrl, String rate, String duration) {
    StoredPlan stored =
        test.server.plans().create(name, "yaml", Plans.yaml(name, baseUrl, rate, duration));
    return stored.id();
  }

  private static HttpResponse<String> post(String path) {
    return test.send(test.request(path, operatorToken).POST(HttpRequest.BodyPublishers.noBody()));
  }

  private static HttpResponse<String> postForm(String path, String fields) {
    HttpResponse<String> home =
        test.send(test.request("/").header("Cookie", "loadline_session=" + operatorToken));
    Matcher csrf = CSRF_FIELD.matcher(home.body());
    assertTrue(csrf.find(), home.body());
    String form = "csrf=" + enc(csrf.group(1)) + (fields.isEmpty() ? "" : "&" + fields);
    return test.send(
        test.request(path)
            .header("Cookie", "loadline_session=" + operatorToken)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
