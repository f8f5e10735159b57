package io.loadline.web.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.run.RunRecord;
import io.loadline.web.Plans;
import io.loadline.web.TestServer;
import io.loadline.web.demo.DemoTarget;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan editor, the plugins page and the run history, over HTTP against a real server. */
class DashboardPagesTest {

  private static final Pattern HISTORY_ROW =
      Pattern.compile("<td><a href=\"/runs/(\\d+)\" id=\"run-link-\\d+\">#\\d+</a></td>");
  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @TempDir Path dataDirectory;

  private TestServer test;
  private DemoTarget target;
  private String adminSession;

  @BeforeEach
  void start() {
    target = DemoTarget.start(0);
    test = TestServer.start(dataDirectory);
    adminSession = test.adminToken();
  }

  @AfterEach
  void close() {
    test.close();
    target.close();
  }

  @Test
  void savingAPlanWithMistakesShowsEveryProblemBesideTheEditorAndStoresNothing() {
    HttpResponse<String> refused = postSource("/plans", Plans.withThreeMistakes());

    assertEquals(400, refused.statusCode());
    assertTrue(refused.body().contains("3 problem(s)"), refused.body());
    assertTrue(refused.body().contains("<code>name</code>"), refused.body());
    assertTrue(refused.body().contains("<code>scenarios[0].load.rate</code>"), refused.body());
    assertTrue(refused.body().contains("aria-invalid=\"true\""), refused.body());
    assertTrue(test.server.plans().list().isEmpty());
  }

  @Test
  void eachProblemOfASavedPlanNamesTheLineOfItsFieldAndLinksToIt() {
    HttpResponse<String> refused = postSource("/plans", Plans.withThreeMistakes());

    assertEquals(400, refused.statusCode());
    assertTrue(shownAt(refused.body(), 1, "name"), refused.body());
    assertTrue(shownAt(refused.body(), 6, "scenarios[0].load.rate"), refused.body());
    assertTrue(shownAt(refused.body(), 11, "scenarios[0].steps[0].request.url"), refused.body());
    assertTrue(refused.body().contains("<script src=\"/static/plan-form.js\""), refused.body());
  }

  /** Whether the page lists the problem at {@code path} as "line N — path" with a link to N. */
  private static boolean shownAt(String html, int line, String path) {
    String link = "data-line=\"" + line + "\">line " + line + "</a>";
    return Pattern.compile(Pattern.quote(link) + "\\s*—\\s*" + Pattern.quote("<code>" + path))
        .matcher(html)
        .find();
  }

  @Test
  void aValidPlanIsSavedAndCanBeEdited() {
    HttpResponse<String> created =
        postSource("/plans", Plans.yaml("first", target.baseUrl(), "5/s", "1s"));
    assertEquals(303, created.statusCode(), created.body());
    String location = created.headers().firstValue("Location").orElseThrow();
    long id = Long.parseLong(location.substring("/plans/".length()));
    assertEquals("first", test.server.plans().find(id).orElseThrow().name());

    HttpResponse<String> editor = page("/plans/" + id + "/edit", adminSession);
    assertEquals(200, editor.statusCode());
    assertTrue(editor.body().contains("name: first"), editor.body());
    HttpResponse<String> updated =
        postSource("/plans/" + id, Plans.yaml("renamed", target.baseUrl(), "5/s", "1s"));
    assertEquals(303, updated.statusCode(), updated.body());
    assertEquals("renamed", test.server.plans().find(id).orElseThrow().name());
  }

  @Test
  void aViewerCannotOpenThePlanEditorButSeesThePlugins() {
    test.createUser("watcher", "watcher-password", "viewer");
    String viewer = test.login("watcher", "watcher-password");

    assertEquals(403, page("/plans/new", viewer).statusCode());
    HttpResponse<String> plugins = page("/plugins", viewer);
    assertEquals(200, plugins.statusCode());
    for (String id : new String[] {"constant", "http", "csv"}) {
      assertTrue(plugins.body().contains("<code>" + id + "</code>"), plugins.body());
    }
  }

  @Test
  void theRunHistoryOffersEveryRunForComparisonAndRefusesWrongFilters() throws Exception {
    long runId =
        runToEnd(savedPlan("history", Plans.yaml("history", target.baseUrl(), "5/s", "1s")));

    String all = page("/runs", adminSession).body();
    assertEquals(List.of(runId), shownRuns(all));
    assertTrue(all.contains("action=\"/compare\""), all);
    assertTrue(all.contains("name=\"runs\" value=\"" + runId + "\""), all);
    assertEquals(400, page("/runs?state=SLEEPING", adminSession).statusCode());
    assertEquals(400, page("/runs?plan=first", adminSession).statusCode());
    assertEquals(400, page("/runs?from=03.12.2026", adminSession).statusCode());
  }

  @Test
  void aRunHistoryDayBeyondTheCalendarIsRefusedWithTheAcceptedRange() {
    for (String filter : List.of("to=%2B999999999-12-31", "from=-999999999-01-01")) {
      HttpResponse<String> refused = page("/runs?" + filter, adminSession);
      String name = filter.substring(0, filter.indexOf('='));
      assertEquals(400, refused.statusCode(), refused.body());
      assertTrue(
          refused
                  .body()
                  .contains("&#39;" + name + "&#39; must be a date from 0001-01-01 to 9999-12-31")
              || refused
                  .body()
                  .contains("'" + name + "' must be a date from 0001-01-01 to 9999-12-31"),
          refused.body());
    }
  }

  @Test
  void theComparePageSitsInTheLayoutAndSaysHowToPickRunsWhenItHasNoComparison() throws Exception {
    long planId = savedPlan("compared", Plans.yaml("compared", target.baseUrl(), "5/s", "1s"));
    long first = runToEnd(planId);
    long second = runToEnd(planId);
    String hint =
        "Nothing to compare yet. Tick two or more runs of one plan on the"
            + " <a href=\"/runs\">run history</a> and press <em>Compare selected runs</em>, or"
            + " open <code>/compare?runs=12,15</code>.";

    HttpResponse<String> empty = page("/compare", adminSession);
    assertEquals(200, empty.statusCode(), empty.body());
    assertTrue(oneLine(empty.body()).contains(hint), empty.body());
    assertTrue(empty.body().contains("<a href=\"/runs\">Runs</a>"), "the layout's navigation");
    assertFalse(empty.body().contains("compare-problem"), empty.body());

    HttpResponse<String> one = page("/compare?runs=" + first, adminSession);
    assertEquals(400, one.statusCode(), one.body());
    assertTrue(oneLine(one.body()).contains(hint), one.body());
    assertTrue(one.body().contains("<p class=\"alert\" id=\"compare-problem\">"), one.body());

    HttpResponse<String> lost = page("/compare?runs=" + first + ",999", adminSession);
    assertEquals(404, lost.statusCode(), lost.body());
    assertTrue(oneLine(lost.body()).contains(hint), lost.body());

    HttpResponse<String> both = page("/compare?runs=" + first + "," + second, adminSession);
    assertEquals(200, both.statusCode(), both.body());
    assertTrue(both.body().contains("<a href=\"/runs\">Runs</a>"), "the layout's navigation");
    assertTrue(both.body().contains("<th>#" + first + "</th><th>#" + second + "</th>"));
    assertFalse(both.body().contains("Nothing to compare yet."), both.body());
  }

  /** The page with every run of white space made one space. */
  private static String oneLine(String page) {
    return page.replaceAll("\\s+", " ");
  }

  @Test
  void theRunHistoryShowsExactlyTheRunsOfThePlanStateAndDaysAsked() throws Exception {
    long alpha = savedPlan("alpha", Plans.yaml("alpha", target.baseUrl(), "5/s", "1s"));
    long beta = savedPlan("beta", failingPlan("beta"));
    long alphaEarly = runToEnd(alpha);
    long alphaLate = runToEnd(alpha);
    long betaFailed = runToEnd(beta);
    test.server
        .plans()
        .update(beta, "beta", "yaml", Plans.yaml("beta", target.baseUrl(), "5/s", "1s"));
    long betaLater = runToEnd(beta);
    assertEquals(
        List.of("PASSED", "PASSED", "FAILED", "PASSED"),
        List.of(state(alphaEarly), state(alphaLate), state(betaFailed), state(betaLater)));
    // Creation times moved to known days; the last instant of 20 Nov and the first of 21 Nov
    // check that a day is inclusive at both ends and no wider.
    createdAt(alphaEarly, "2026-11-02T10:00:00Z");
    createdAt(alphaLate, "2026-11-20T23:59:59.999Z");
    createdAt(betaFailed, "2026-11-21T00:00:00Z");
    createdAt(betaLater, "2026-11-25T12:00:00Z");

    assertEquals(List.of(betaLater, betaFailed, alphaLate, alphaEarly), shown("/runs"));
    assertEquals(List.of(alphaLate, alphaEarly), shown("/runs?plan=" + alpha));
    assertEquals(List.of(betaLater, betaFailed), shown("/runs?plan=" + beta));
    assertEquals(List.of(betaFailed), shown("/runs?state=FAILED"));
    assertEquals(List.of(betaLater, alphaLate, alphaEarly), shown("/runs?state=passed"));
    assertEquals(List.of(betaLater), shown("/runs?plan=" + beta + "&state=PASSED"));
    assertEquals(List.of(betaLater, betaFailed), shown("/runs?from=2026-11-21"));
    assertEquals(List.of(betaLater, betaFailed, alphaLate), shown("/runs?from=2026-11-20"));
    assertEquals(List.of(alphaLate, alphaEarly), shown("/runs?to=2026-11-20"));
    assertEquals(List.of(betaFailed, alphaLate, alphaEarly), shown("/runs?to=2026-11-21"));
    assertEquals(List.of(betaLater), shown("/runs?from=2026-11-22&to=2026-11-30"));
    assertEquals(List.of(alphaEarly), shown("/runs?from=2026-11-02&to=2026-11-02"));
    assertEquals(List.of(alphaLate), shown("/runs?plan=" + alpha + "&from=2026-11-03"));
    String none = page("/runs?plan=" + alpha + "&from=2026-11-21", adminSession).body();
    assertEquals(List.of(), shownRuns(none));
    assertTrue(none.contains("No run matches these filters."), none);
  }

  @Test
  void aRunStartedWithOverridesRunsTheOverriddenLoadAndKeepsThePlanAsItWas() throws Exception {
    String source = Plans.yaml("overridden", target.baseUrl(), "5/s", "30s");
    long planId = test.server.plans().create("overridden", "yaml", source).id();

    RunRecord ended = runAtTenPerSecondForOneSecond(planId);

    assertEquals(10, ended.summary().scenarios().get(0).arrivals(), "10/s for 1 s");
    String ranSource = test.server.runs().planSource(ended.id()).orElseThrow();
    assertTrue(ranSource.contains("10/s") && ranSource.contains("1s"), ranSource);
    assertEquals(source, test.server.plans().find(planId).orElseThrow().source());
  }

  @Test
  void overridesApplyToALoadTheScenariosShareByWeightToo() throws Exception {
    String source =
        """
        name: shared
        load: {model: constant, rate: 5/s, duration: 30s}
        scenarios:
          - name: browse
            weight: 1
            steps: [{request: {url: "%s/fast"}}]
        """
            .formatted(target.baseUrl());
    long planId = test.server.plans().create("shared", "yaml", source).id();

    RunRecord ended = runAtTenPerSecondForOneSecond(planId);

    assertEquals(10, ended.summary().scenarios().get(0).arrivals(), "10/s for 1 s, not 5/s 30 s");
  }

  /** Starts the plan from its page with the overrides 10/s and 1s; the run once it has ended. */
  private RunRecord runAtTenPerSecondForOneSecond(long planId) throws InterruptedException {
    HttpResponse<String> started =
        postForm("/plans/" + planId + "/run", "rate=" + enc("10/s") + "&duration=" + enc("1s"));
    assertEquals(303, started.statusCode(), started.body());
    long runId =
        Long.parseLong(started.headers().firstValue("Location").orElseThrow().substring(6));
    return test.server.runs().awaitEnd(runId, Duration.ofSeconds(20)).orElseThrow();
  }

  @Test
  void aWrongOverrideIsRefusedWithItsFieldPathAndStartsNothing() {
    long planId =
        test.server
            .plans()
            .create("refused", "yaml", Plans.yaml("refused", target.baseUrl(), "5/s", "1s"))
            .id();

    HttpResponse<String> refused = postForm("/plans/" + planId + "/run", "rate=" + enc("-3/s"));

    assertEquals(400, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("scenarios[0].load.rate"), refused.body());
    assertTrue(test.server.runs().list(java.util.Optional.empty(), 5).isEmpty());
  }

  private long savedPlan(String name, String yamlSource) {
    return test.server.plans().create(name, "yaml", yamlSource).id();
  }

  private long runToEnd(long planId) throws InterruptedException {
    RunRecord run = test.server.runs().start(planId);
    RunRecord ended = test.server.runs().awaitEnd(run.id(), Duration.ofSeconds(20)).orElseThrow();
    assertTrue(ended.state().isTerminal(), ended.toString());
    return run.id();
  }

  /** A plan whose only step always answers 500, so that its error-rate threshold fails. */
  private String failingPlan(String name) {
    return """
        name: %s
        gracefulStop: 2s
        scenarios:
          - name: browse
            load: {model: constant, rate: 5/s, duration: 1s}
            steps:
              - name: broken
                request: {method: GET, url: "%s/status/500"}
        thresholds:
          - error_rate < 1%%
        """
        .formatted(name, target.baseUrl());
  }

  private String state(long runId) {
    return test.server.runs().find(runId).orElseThrow().state().name();
  }

  /** Moves a run's creation time, which the server always takes from the clock, to a known day. */
  private void createdAt(long runId, String instant) {
    long epochMillis = Instant.parse(instant).toEpochMilli();
    int changed =
        test.server
            .database()
            .withHandle(
                handle ->
                    handle
                        .createUpdate("UPDATE runs SET created_at = ? WHERE id = ?")
                        .bind(0, epochMillis)
                        .bind(1, runId)
                        .execute());
    assertEquals(1, changed);
  }

  /** The ids of the runs the history page lists, top to bottom. */
  private List<Long> shown(String path) {
    HttpResponse<String> response = page(path, adminSession);
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    return shownRuns(response.body());
  }

  private static List<Long> shownRuns(String html) {
    return HISTORY_ROW.matcher(html).results().map(row -> Long.parseLong(row.group(1))).toList();
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> page(String path, String session) {
    return test.send(test.request(path).header("Cookie", "loadline_session=" + session));
  }

  private HttpResponse<String> postSource(String path, String source) {
    return postForm(path, "source=" + enc(source));
  }

  private HttpResponse<String> postForm(String path, String fields) {
    String home = page("/", adminSession).body();
    Matcher csrf = CSRF_FIELD.matcher(home);
    assertTrue(csrf.find(), home);
    String form = "csrf=" + enc(csrf.group(1)) + "&" + fields;
    return test.send(
        test.request(path)
            .header("Cookie", "loadline_session=" + adminSession)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }
}
