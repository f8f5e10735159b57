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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan editor, the plugins page and the run history, over HTTP against a real server. */
class DashboardPagesTest {

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
  void theRunHistoryFiltersByPlanStateAndDateAndOffersComparison() throws Exception {
    long planId =
        test.server
            .plans()
            .create("history", "yaml", Plans.yaml("history", target.baseUrl(), "5/s", "1s"))
            .id();
    RunRecord run = test.server.runs().start(planId);
    test.server.runs().awaitEnd(run.id(), Duration.ofSeconds(20));
    String runLink = "href=\"/runs/" + run.id() + "\"";

    String all = page("/runs", adminSession).body();
    assertTrue(all.contains(runLink), all);
    assertTrue(all.contains("action=\"/compare\""), all);
    assertTrue(all.contains("name=\"runs\" value=\"" + run.id() + "\""), all);
    String passed = page("/runs?plan=" + planId + "&state=PASSED", adminSession).body();
    assertTrue(passed.contains(runLink), passed);
    String cancelled = page("/runs?state=CANCELLED", adminSession).body();
    assertFalse(cancelled.contains(runLink), cancelled);
    assertTrue(cancelled.contains("No run matches these filters."), cancelled);
    String longAgo = page("/runs?to=2000-01-01", adminSession).body();
    assertFalse(longAgo.contains(runLink), longAgo);
    assertEquals(400, page("/runs?state=SLEEPING", adminSession).statusCode());
  }

  @Test
  void aRunStartedWithOverridesRunsTheOverriddenLoadAndKeepsThePlanAsItWas() throws Exception {
    String source = Plans.yaml("overridden", target.baseUrl(), "5/s", "30s");
    long planId = test.server.plans().create("overridden", "yaml", source).id();

    HttpResponse<String> started =
        postForm("/plans/" + planId + "/run", "rate=" + enc("10/s") + "&duration=" + enc("1s"));

    assertEquals(303, started.statusCode(), started.body());
    long runId =
        Long.parseLong(started.headers().firstValue("Location").orElseThrow().substring(6));
    RunRecord ended = test.server.runs().awaitEnd(runId, Duration.ofSeconds(20)).orElseThrow();
    assertEquals(10, ended.summary().scenarios().get(0).arrivals(), "10/s for 1 s");
    String ranSource = test.server.runs().planSource(runId).orElseThrow();
    assertTrue(ranSource.contains("10/s") && ranSource.contains("1s"), ranSource);
    assertEquals(source, test.server.plans().find(planId).orElseThrow().source());
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
