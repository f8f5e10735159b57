package io.loadline.web.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.testtools.FormBody;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.javalin.testtools.TestConfig;
import io.loadline.web.Plans;
import io.loadline.web.TestServer;
import io.loadline.web.demo.DemoTarget;
import java.net.http.HttpRequest;
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

/** The dashboard through javalin-testtools, with a client that keeps no cookies by itself. */
class DashboardTest {

  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final TestConfig NO_COOKIE_JAR =
      new TestConfig(
          false,
          false,
          java.net.http.HttpClient.newBuilder()
              .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
              .build());

  @TempDir Path dataDirectory;

  private TestServer test;
  private DemoTarget target;

  @BeforeEach
  void create() {
    target = DemoTarget.start(0);
    test = TestServer.create(dataDirectory);
  }

  @AfterEach
  void close() {
    test.close();
    target.close();
  }

  @Test
  void aStrangerIsSentToTheLoginPage() {
    dashboard(
        client -> {
          Response home = client.get("/");
          assertEquals(303, home.code());
          assertEquals(List.of("/login"), home.headers().get("Location"));

          Response login = client.get("/login");
          assertEquals(200, login.code());
          assertTrue(login.body().string().contains("<form method=\"post\" action=\"/login\""));
        });
  }

  @Test
  void signingInSetsAnHttpOnlyStrictSessionCookieAndOpensThePlans() {
    dashboard(
        client -> {
          Response signedIn = signIn(client, "admin", TestServer.ADMIN_PASSWORD);

          assertEquals(303, signedIn.code(), signedIn.body().string());
          assertEquals(List.of("/"), signedIn.headers().get("Location"));
          String sessionCookie = setCookie(signedIn, "loadline_session");
          assertTrue(sessionCookie.contains("HttpOnly"), sessionCookie);
          assertTrue(sessionCookie.contains("SameSite=Strict"), sessionCookie);
          assertFalse(sessionCookie.contains("Secure"), "plain HTTP: " + sessionCookie);
          Response home = client.request("/", cookie(sessionCookie));
          assertEquals(200, home.code());
          assertTrue(home.body().string().contains("Plans"));
        });
  }

  @Test
  void aWrongPasswordShowsTheFormAgainWithoutASession() {
    dashboard(
        client -> {
          Response refused = signIn(client, "admin", "not-the-password");

          assertEquals(401, refused.code());
          assertTrue(refused.body().string().contains("Wrong username or password."));
          assertTrue(
              refused.headers().get("Set-Cookie").stream()
                  .noneMatch(c -> c.startsWith("loadline_session=") && c.length() > 40));
        });
  }

  @Test
  void aLoginFormPostedWithoutItsTokenIsRefused() {
    dashboard(
        client -> {
          FormBody form =
              new FormBody.Builder()
                  .add("username", "admin")
                  .add("password", TestServer.ADMIN_PASSWORD)
                  .build();
          Response response = client.request("/login", request -> request.post(form));
          assertEquals(403, response.code());
        });
  }

  @Test
  void theRunPagePollsWhileTheRunIsActiveAndShowsTheSummaryAfter() {
    dashboard(
        client -> {
          long planId =
              test.server
                  .plans()
                  .create(
                      "dashboard-run",
                      "yaml",
                      Plans.yaml("dashboard-run", target.baseUrl(), "20/s", "2s"))
                  .id();
          String session =
              setCookie(signIn(client, "admin", TestServer.ADMIN_PASSWORD), "loadline_session");
          String home = client.request("/", cookie(session)).body().string();
          assertTrue(home.contains("action=\"/plans/" + planId + "/run\""), home);

          Response started =
              client.request("/plans/" + planId + "/run", cookie(session).post(csrfForm(home)));
          assertEquals(303, started.code(), started.body().string());
          String runPath = started.headers().get("Location").get(0);

          String running = client.request(runPath, cookie(session)).body().string();
          assertTrue(running.contains("sse-connect=\"" + runPath + "/events\""), running);
          assertTrue(running.contains("/static/live-run.js"), running);
          String polling = client.request(runPath + "/live", cookie(session)).body().string();
          assertTrue(polling.contains("hx-trigger=\"every 1s\""), polling);
          assertTrue(running.contains("/webjars/htmx.org/2.0.8/dist/htmx.min.js"), running);
          assertTrue(running.contains("action=\"" + runPath + "/stop\""), running);

          String ended = awaitEnd(client, runPath + "/live", session);
          assertTrue(ended.contains("PASSED"), ended);
          assertFalse(ended.contains("hx-trigger"), ended);
          assertTrue(ended.contains(">browse<"), ended);
          assertTrue(ended.contains(">fast<"), ended);
          assertTrue(ended.contains("p95"), ended);
          assertTrue(ended.contains(" ms<"), ended);
        });
  }

  @Test
  void aStopWithoutTheCsrfTokenIsRefused() {
    dashboard(
        client -> {
          String session =
              setCookie(signIn(client, "admin", TestServer.ADMIN_PASSWORD), "loadline_session");
          Response refused =
              client.request(
                  "/runs/1/stop", cookie(session).post(HttpRequest.BodyPublishers.noBody()));
          assertEquals(403, refused.code());
        });
  }

  @Test
  void aStopFromHtmxIsAnswered204SoThePageStaysAndAPlainFormPostIsRedirected() {
    dashboard(
        client -> {
          long planId = planOf30Seconds("stopped");
          String session = adminSession(client);
          String home = client.request("/", cookie(session)).body().string();

          long htmxRun = test.server.runs().start(planId).id();
          Response fromHtmx =
              client.request(
                  "/runs/" + htmxRun + "/stop",
                  cookie(session).header("HX-Request", "true").post(csrfForm(home)));
          assertEquals(204, fromHtmx.code(), fromHtmx.body().string());
          assertEquals(
              "CANCELLED",
              test.server
                  .runs()
                  .awaitEnd(htmxRun, Duration.ofSeconds(20))
                  .orElseThrow()
                  .state()
                  .name());

          long plainRun = test.server.runs().start(planId).id();
          Response plain =
              client.request("/runs/" + plainRun + "/stop", cookie(session).post(csrfForm(home)));
          assertEquals(303, plain.code(), plain.body().string());
          assertEquals(List.of("/runs/" + plainRun), plain.headers().get("Location"));
          test.server.runs().awaitEnd(plainRun, Duration.ofSeconds(20));
        });
  }

  @Test
  void theRunListsRefreshEvery2sWhileARunIsActiveAndEvery10sOnceNoneIs() {
    dashboard(
        client -> {
          long planId = planOf30Seconds("listed");
          String session = adminSession(client);
          long runId = test.server.runs().start(planId).id();
          List<String> pages = List.of("/", "/plans/" + planId, "/runs?plan=" + planId);
          for (String path : pages) {
            String page = oneLine(client.request(path, cookie(session)).body().string());
            assertTrue(page.contains(runList("every 2s")), path + ": " + page);
          }

          test.server.runs().stop(runId);
          test.server.runs().awaitEnd(runId, Duration.ofSeconds(20));
          for (String path : pages) {
            String page = oneLine(client.request(path, cookie(session)).body().string());
            assertTrue(page.contains(runList("every 10s")), path + ": " + page);
            assertFalse(page.contains("every 2s"), path + ": " + page);
          }
        });
  }

  @Test
  void anEmptyRunListStillRefreshesSlowlySoARunStartedElsewhereAppears() {
    dashboard(
        client -> {
          String session = adminSession(client);
          for (String path : List.of("/", "/runs", "/runs?state=FAILED")) {
            String page = oneLine(client.request(path, cookie(session)).body().string());
            assertTrue(page.contains(runList("every 10s")), path + ": " + page);
          }
        });
  }

  /** The opening tag of a run list that asks for its own page again on the given trigger. */
  private static String runList(String trigger) {
    return "<div id=\"run-list\" hx-get=\"\" hx-trigger=\""
        + trigger
        + "\" hx-select=\"#run-list\" hx-swap=\"outerHTML\">";
  }

  @Test
  void aFreshServersPagesSayPlainlyWhatIsThereAndWhatToDoNext() {
    dashboard(
        client -> {
          String admin = adminSession(client);
          assertEmptyState(
              client,
              admin,
              "/",
              "plans-empty",
              "No plans yet. Write one with <a href=\"/plans/new\">New plan</a>, or send one to"
                  + " <code>POST /api/v1/plans</code>.");
          assertEmptyState(
              client,
              admin,
              "/",
              "runs-empty",
              "No runs yet. Press Run beside a plan to start one; it shows here while it runs.");
          assertEmptyState(
              client,
              admin,
              "/runs",
              "runs-empty",
              "No runs yet. Start one from a plan's page (<a href=\"/\">Plans</a>); it shows"
                  + " here while it runs, and stays for comparison after.");
          assertEmptyState(
              client,
              admin,
              "/runs?state=FAILED",
              "runs-empty",
              "No run matches these filters. Widen them, or <a href=\"/runs\">clear</a> them to"
                  + " see every run.");
          assertEmptyState(
              client,
              admin,
              "/audit?actor=nobody",
              "audit-empty",
              "No audit entries match these filters. Widen them, or <a href=\"/audit\">clear</a>"
                  + " them to see the latest entries.");

          long planId = planOf30Seconds("unrun");
          assertEmptyState(
              client,
              admin,
              "/plans/" + planId,
              "runs-empty",
              "No runs of this plan yet. Start one with Run this plan above.");
          test.createUser("vivian", "viewer-password", "viewer");
          String viewer =
              setCookie(signIn(client, "vivian", "viewer-password"), "loadline_session");
          assertEmptyState(
              client,
              viewer,
              "/",
              "runs-empty",
              "No runs yet. Runs that operators start show here while they run.");
          assertEmptyState(
              client,
              viewer,
              "/plans/" + planId,
              "runs-empty",
              "No runs of this plan yet. Runs that operators start show here while they run.");
        });
  }

  @Test
  void aRunWithoutFiguresSaysWhetherTheyAreStillToComeOrNeverCame() {
    Templates templates = new Templates();
    PageContext page = new PageContext("admin", "admin", true, "token");
    assertEquals(
        "No figures yet: the table fills in after the run's first second, and every second"
            + " after.",
        emptyState(
            templates.render(
                "runFigures.jte", java.util.Map.of("page", page, "run", figureless(true))),
            "figures-empty"));
    assertEquals(
        "This run ended without recording any figures.",
        emptyState(
            templates.render(
                "runFigures.jte", java.util.Map.of("page", page, "run", figureless(false))),
            "figures-empty"));
  }

  @Test
  void anEndedRunsFiguresListItsChecksExtractionsAndFailureMessages() {
    Templates templates = new Templates();
    PageContext page = new PageContext("admin", "admin", true, "token");
    RunView checked =
        new RunView(
            1,
            1,
            "plan",
            "PASSED",
            false,
            "-",
            "-",
            "-",
            "-",
            "-",
            "1.0 s",
            null,
            List.of(),
            List.of(
                new io.loadline.web.report.CheckRow(
                    "shop / login", "check status in [200]", 9, 1, "10.0%", "")),
            List.of(
                new io.loadline.web.report.FailureRow(
                    "shop / pay", "server_error", "status 503", 4, "40.0%")),
            List.of());
    String html =
        templates.render("runFigures.jte", java.util.Map.of("page", page, "run", checked));

    assertTrue(html.contains("<h3 id=\"checks-heading\">Checks and extractions</h3>"), html);
    assertTrue(
        html.replaceAll("\\s+", " ")
            .contains(
                "<tr class=\"failed\"> <th scope=\"row\">shop / login</th>"
                    + " <td>check status in [200]</td> <td>9</td> <td>1</td> <td>10.0%</td>"),
        html);
    assertTrue(
        html.replaceAll("\\s+", " ")
            .contains(
                "<tr class=\"failed\"> <th scope=\"row\">shop / pay</th> <td>server_error</td>"
                    + " <td>status 503</td> <td>4</td> <td>40.0%</td>"),
        html);
    String clean =
        templates.render(
            "runFigures.jte", java.util.Map.of("page", page, "run", figureless(false)));
    assertFalse(clean.contains("checks-heading"), "no section without checks");
    assertFalse(clean.contains("failures-heading"), "no section without failures");
  }

  private static RunView figureless(boolean active) {
    String state = active ? "RUNNING" : "ERROR";
    return new RunView(
        1, 1, "plan", state, active, "-", "-", "-", "-", "-", "n/a", null, List.of(), List.of(),
        List.of(), List.of());
  }

  private static void assertEmptyState(
      HttpClient client, String session, String path, String id, String expected) {
    Response response = client.request(path, cookie(session));
    String page = response.body().string();
    assertEquals(200, response.code(), path + ": " + page);
    assertEquals(expected, emptyState(page, id), path);
  }

  /** The text of the paragraph with the given id, its white space runs made single spaces. */
  private static String emptyState(String page, String id) {
    Matcher paragraph =
        Pattern.compile("<p class=\"muted\" id=\"" + id + "\">(.*?)</p>", Pattern.DOTALL)
            .matcher(page);
    assertTrue(paragraph.find(), "no #" + id + " in " + page);
    return paragraph.group(1).replaceAll("\\s+", " ").strip();
  }

  @Test
  void aViewerSeesNoRunButtonAndCannotStartARun() {
    dashboard(
        client -> {
          long planId =
              test.server
                  .plans()
                  .create("viewed", "yaml", Plans.yaml("viewed", target.baseUrl(), "5/s", "1s"))
                  .id();
          test.createUser("vivian", "viewer-password", "viewer");
          String session =
              setCookie(signIn(client, "vivian", "viewer-password"), "loadline_session");
          String home = client.request("/", cookie(session)).body().string();
          assertTrue(home.contains("viewed"), home);
          assertFalse(home.contains("/run\""), home);

          Response refused =
              client.request("/plans/" + planId + "/run", cookie(session).post(csrfForm(home)));
          assertEquals(403, refused.code());
        });
  }

  @Test
  void textFromPlansIsEscaped() {
    dashboard(
        client -> {
          long planId =
              test.server
                  .plans()
                  .create("<script>alert(1)</script>", "yaml", "name: x # <b>bold</b>")
                  .id();
          String session =
              setCookie(signIn(client, "admin", TestServer.ADMIN_PASSWORD), "loadline_session");
          String page = client.request("/plans/" + planId, cookie(session)).body().string();
          assertFalse(page.contains("<script>alert(1)</script>"), page);
          assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page);
          assertTrue(page.contains("&lt;b&gt;bold&lt;/b&gt;"), page);
        });
  }

  @Test
  void htmxAndTheStylesheetAreServedFromTheServerItself() {
    dashboard(
        client -> {
          assertEquals(200, client.get("/webjars/htmx.org/2.0.8/dist/htmx.min.js").code());
          Response css = client.get("/static/loadline.css");
          assertEquals(200, css.code());
          assertTrue(css.body().string().contains("prefers-color-scheme: dark"));
        });
  }

  private void dashboard(DashboardCase body) {
    JavalinTest.test(test.server.app(), NO_COOKIE_JAR, (app, client) -> body.run(client));
  }

  private static Response signIn(HttpClient client, String username, String password) {
    Response form = client.get("/login");
    String loginCookie = setCookie(form, "loadline_login_csrf");
    FormBody body =
        new FormBody.Builder()
            .add("username", username)
            .add("password", password)
            .add("csrf", csrfToken(form.body().string()))
            .build();
    return client.request("/login", cookie(loginCookie).post(body));
  }

  private static String awaitEnd(HttpClient client, String livePath, String session)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    String fragment = client.request(livePath, cookie(session)).body().string();
    while (fragment.contains("hx-trigger") && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      fragment = client.request(livePath, cookie(session)).body().string();
    }
    return fragment;
  }

  private long planOf30Seconds(String name) {
    return test.server
        .plans()
        .create(name, "yaml", Plans.yaml(name, target.baseUrl(), "5/s", "30s"))
        .id();
  }

  private static String adminSession(HttpClient client) {
    return setCookie(signIn(client, "admin", TestServer.ADMIN_PASSWORD), "loadline_session");
  }

  /** The page with every run of white space made one space, so a tag reads as one line. */
  private static String oneLine(String page) {
    return page.replaceAll("\\s+", " ").replace(" >", ">");
  }

  private static FormBody csrfForm(String page) {
    return new FormBody.Builder().add("csrf", csrfToken(page)).build();
  }

  private static String csrfToken(String page) {
    Matcher matcher = CSRF_FIELD.matcher(page);
    assertTrue(matcher.find(), "no csrf field in " + page);
    return matcher.group(1);
  }

  private static String setCookie(Response response, String name) {
    return response.headers().get("Set-Cookie").stream()
        .filter(cookie -> cookie.startsWith(name + "=") && !cookie.startsWith(name + "=;"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " cookie"));
  }

  private static io.javalin.testtools.Request.Builder cookie(String setCookieHeader) {
    String pair = setCookieHeader.split(";", 2)[0];
    return new io.javalin.testtools.Request.Builder().header("Cookie", pair);
  }

  @FunctionalInterface
  private interface DashboardCase {
    void run(HttpClient client) throws Exception;
  }
}
