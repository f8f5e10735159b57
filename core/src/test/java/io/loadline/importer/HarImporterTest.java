package io.loadline.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loadline.engine.Engine;
import io.loadline.engine.EngineSettings;
import io.loadline.plan.Plan;
import io.loadline.plan.PlanReader;
import io.loadline.plan.StepPlan;
import io.loadline.pluginhost.PluginHost;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarImporterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00.000Z");
  private static final String SITE = "http://127.0.0.1:8081";

  @TempDir Path dataDirectory;

  /**
   * A small recording: a page that sets a cookie, three static assets, a JSON login 1.5 s after the
   * page ended (1499.4 ms of idle time), and an API call sent while the login was in flight.
   */
  static String recording() {
    ObjectNode har = JSON.createObjectNode();
    ArrayNode entries = har.putObject("log").put("version", "1.2").putArray("entries");

    ObjectNode page = entry(entries, 0, 50.6, "GET", SITE + "/", "text/html; charset=utf-8");
    header(page.get("request"), ":authority", "127.0.0.1:8081");
    header(page.get("request"), "Host", "127.0.0.1:8081");
    header(page.get("request"), "Connection", "keep-alive");
    header(page.get("request"), "Accept", "text/html");
    header(page.get("request"), "Accept-Encoding", "gzip, br");
    header(page.get("request"), "User-Agent", "Recorder/1.0");
    page.with("response").putArray("cookies").addObject().put("name", "sid").put("value", "abc");

    entry(entries, 60, 5, "GET", SITE + "/static/app.css?v=3", "text/css");
    entry(entries, 70, 5, "GET", SITE + "/logo?size=2", "image/png");
    entry(entries, 80, 5, "GET", SITE + "/fonts/inter.woff2", "");

    ObjectNode login = entry(entries, 1550, 100, "POST", SITE + "/api/login", "application/json");
    header(login.get("request"), "Cookie", "sid=abc; theme=dark");
    header(login.get("request"), "Content-Type", "application/json");
    header(login.get("request"), "Content-Length", "15");
    ((ObjectNode) login.get("request"))
        .putObject("postData")
        .put("mimeType", "application/json")
        .put("text", "{\"user\": \"ann\"}");

    ObjectNode orders = entry(entries, 1600, 20, "GET", SITE + "/api/orders", "application/json");
    header(orders.get("request"), "Cookie", "sid=abc");
    header(orders.get("request"), "Authorization", "Bearer recorded-token");
    return har.toString();
  }

  private static ObjectNode entry(
      ArrayNode entries, long startMillis, double time, String method, String url, String type) {
    ObjectNode entry = entries.addObject();
    entry.put("startedDateTime", T0.plusMillis(startMillis).toString());
    entry.put("time", time);
    ObjectNode request = entry.putObject("request");
    request.put("method", method).put("url", url).putArray("headers");
    ObjectNode response = entry.putObject("response");
    response.put("status", 200).putArray("headers");
    response.putObject("content").put("mimeType", type);
    return entry;
  }

  private static void header(JsonNode message, String name, String value) {
    ((ArrayNode) message.get("headers")).addObject().put("name", name).put("value", value);
  }

  @Test
  void staticAssetsAreLeftOutAndThinkTimeIsTheIdleGapRoundedToTheMillisecond() {
    List<ImportedStep> steps = new HarImporter().read(recording());

    assertEquals(4, steps.size(), steps.toString());
    assertEquals(SITE + "/", request(steps.get(0)).url());
    assertEquals(
        Duration.ofMillis(1499), assertInstanceOf(ImportedStep.Think.class, steps.get(1)).pause());
    assertEquals("POST", request(steps.get(2)).method());
    assertEquals(SITE + "/api/login", request(steps.get(2)).url());
    // Sent while the login was in flight: no pause before it.
    assertEquals(SITE + "/api/orders", request(steps.get(3)).url());
  }

  @Test
  void hopByHopClientWrittenAndPseudoHeadersAreDroppedAndTheRestKeptInOrder() {
    RecordedRequest page = request(new HarImporter().read(recording()).get(0));

    assertEquals(Map.of("Accept", "text/html", "User-Agent", "Recorder/1.0"), page.headers());
    assertEquals(List.of("Accept", "User-Agent"), List.copyOf(page.headers().keySet()));
    assertEquals("GET", page.method());
    assertNull(page.body());
  }

  @Test
  void cookiesAnEarlierResponseSetAreLeftToTheFlowAndOthersAreKept() {
    List<ImportedStep> steps = new HarImporter().read(recording());
    RecordedRequest login = request(steps.get(2));
    RecordedRequest orders = request(steps.get(3));

    assertEquals("theme=dark", login.headers().get("Cookie"));
    assertEquals("{\"user\": \"ann\"}", login.body());
    assertEquals("application/json", login.headers().get("Content-Type"));
    assertEquals(List.of("Cookie", "Content-Type"), List.copyOf(login.headers().keySet()));
    assertTrue(!orders.headers().containsKey("Cookie"), orders.headers().toString());
    assertEquals("Bearer recorded-token", orders.headers().get("Authorization"));
  }

  @Test
  void theWrittenPlanIsValidAndKeepsMethodsHeadersBodiesAndThinkTime() {
    String yaml =
        new PlanWriter()
            .write("shop visit", "a HAR recording", new HarImporter().read(recording()));

    Plan plan = reader().read(yaml);

    assertEquals("shop visit", plan.name());
    List<StepPlan> steps = plan.scenarios().getFirst().steps();
    assertEquals(4, steps.size());
    assertEquals("GET /", steps.get(0).name());
    assertEquals(Duration.ofMillis(1499), steps.get(1).think().first());
    assertEquals("POST /api/login", steps.get(2).name());
    Map<String, Object> login = steps.get(2).request();
    assertEquals("POST", login.get("method"));
    assertEquals("{\"user\": \"ann\"}", login.get("body"));
    assertEquals(
        Map.of("Cookie", "theme=dark", "Content-Type", "application/json"), login.get("headers"));
    assertTrue(yaml.contains("think: 1499ms"), yaml);
  }

  @Test
  void aRepeatedRequestGetsANumberedStepName() {
    ObjectNode har = JSON.createObjectNode();
    ArrayNode entries = har.putObject("log").putArray("entries");
    entry(entries, 0, 10, "GET", SITE + "/poll?n=1", "application/json");
    entry(entries, 10, 10, "GET", SITE + "/poll?n=2", "application/json");

    String yaml = new PlanWriter().write("poll", "a HAR", new HarImporter().read(har.toString()));

    List<StepPlan> steps = reader().read(yaml).scenarios().getFirst().steps();
    assertEquals(List.of("GET /poll", "GET /poll #2"), steps.stream().map(StepPlan::name).toList());
  }

  @Test
  void aFileThatIsNotAHarOrKeepsNoRequestIsRefusedWithTheReason() {
    HarImporter importer = new HarImporter();
    ObjectNode onlyAssets = JSON.createObjectNode();
    entry(onlyAssets.putObject("log").putArray("entries"), 0, 5, "GET", SITE + "/a.js", "");

    assertTrue(
        assertThrows(ImportException.class, () -> importer.read("{\"log\": {}}"))
            .getMessage()
            .contains("log.entries"));
    assertTrue(
        assertThrows(ImportException.class, () -> importer.read("{not json"))
            .getMessage()
            .contains("not valid JSON"));
    assertTrue(
        assertThrows(ImportException.class, () -> importer.read(onlyAssets.toString()))
            .getMessage()
            .contains("static assets"));
    assertEquals(
        "The HAR is not valid JSON: there is more after the end of its JSON; export it again.",
        assertThrows(ImportException.class, () -> importer.read(recording() + " {\"log\": {}}"))
            .getMessage());
  }

  @Test
  void entriesFartherApartThanTheLongestThinkTimeAreRefusedNamingTheEntry() {
    // Centuries apart overflowed a conversion to nanoseconds ("long overflow", a 500).
    for (String later : List.of("9999-01-01T00:00:00Z", "2027-03-01T00:00:00Z")) {
      ObjectNode har = JSON.createObjectNode();
      ArrayNode entries = har.putObject("log").putArray("entries");
      entry(entries, 0, 5, "GET", SITE + "/first", "application/json");
      entry(entries, 0, 5, "GET", SITE + "/far", "application/json").put("startedDateTime", later);

      String message =
          assertThrows(ImportException.class, () -> new HarImporter().read(har.toString()))
              .getMessage();

      assertTrue(message.startsWith("The HAR entry for GET " + SITE + "/far starts "), message);
      assertTrue(message.contains("a think time is at most 744h (31 days)"), message);
    }
  }

  private PlanReader reader() {
    return new PlanReader(
        new Engine(
            PluginHost.discover(getClass().getClassLoader(), dataDirectory.resolve("no-plugins")),
            EngineSettings.defaults(dataDirectory)));
  }

  private static RecordedRequest request(ImportedStep step) {
    return assertInstanceOf(ImportedStep.Request.class, step).request();
  }
}
