package io.loadline.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Request;
import io.javalin.testtools.Response;
import io.loadline.spi.PluginOption;
import io.loadline.web.TestServer;
import io.loadline.web.api.SystemApi.PluginJson;
import io.loadline.web.dashboard.PageContext;
import io.loadline.web.dashboard.Templates;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every plugin's declared options, in the plugins API and on the plugins page. */
class PluginOptionsTest {

  @TempDir Path dataDirectory;

  private TestServer test;
  private String viewer;

  @BeforeEach
  void create() {
    test = TestServer.create(dataDirectory);
    viewer = test.tokenFor(test.createUser("vivian", "viewer-password", "viewer"));
  }

  @AfterEach
  void close() {
    test.close();
  }

  @Test
  void theApiListsEveryPluginsOptionsWithTypeRequiredAndDefault() {
    JavalinTest.test(
        test.server.app(),
        (server, client) -> {
          Response response = client.request("/api/v1/plugins", bearer(viewer));
          assertEquals(200, response.code());
          JsonNode plugins = test.readJson(response.body().string());

          for (JsonNode plugin : plugins) {
            assertTrue(plugin.get("options").isArray(), plugin.toString());
            assertFalse(plugin.get("options").isEmpty(), "a built-in lists options: " + plugin);
          }
          JsonNode rate = option(plugins, "rate-model", "constant", "rate");
          assertEquals("rate", rate.get("type").asText());
          assertTrue(rate.get("required").asBoolean());
          assertTrue(rate.get("defaultValue").isNull(), rate.toString());
          assertFalse(rate.get("description").asText().isBlank());

          JsonNode connectTimeout = option(plugins, "protocol", "http", "connectTimeout");
          assertEquals("duration", connectTimeout.get("type").asText());
          assertFalse(connectTimeout.get("required").asBoolean());
          assertEquals("5s", connectTimeout.get("defaultValue").asText());

          JsonNode stageRate = option(plugins, "rate-model", "steps", "stages[].rate");
          assertTrue(stageRate.get("required").asBoolean());
          JsonNode strategy = option(plugins, "feeder", "csv", "strategy");
          assertEquals("circular", strategy.get("defaultValue").asText());
        });
  }

  @Test
  void thePluginsPageShowsATableOfOptionsPerPlugin() {
    JavalinTest.test(
        test.server.app(),
        (server, client) -> {
          Response response =
              client.request(
                  "/plugins", new Request.Builder().header("Cookie", "loadline_session=" + viewer));
          assertEquals(200, response.code());
          String page = response.body().string();

          String constant = sectionOf(page, "plugin-rate-model-constant");
          assertTrue(constant.contains("<td><code>rate</code></td>"), constant);
          assertTrue(constant.contains("<td><code>duration</code></td>"), constant);
          assertTrue(constant.contains("required"), constant);
          String http = sectionOf(page, "plugin-protocol-http");
          assertTrue(http.contains("<td><code>followRedirects</code></td>"), http);
          assertTrue(http.contains("<td><code>false</code></td>"), http);
          assertFalse(page.contains("no options"), "every built-in plugin has options");
        });
  }

  @Test
  void aPluginWithoutOptionsShowsNoOptions() {
    PluginJson bare =
        new PluginJson("feeder", "bare", "1.0", "bare.jar", "Declares nothing.", List.of());
    PluginJson described =
        new PluginJson(
            "rate-model",
            "burst",
            "1.0",
            "burst.jar",
            "Bursts.",
            List.of(
                PluginOption.optional("every", "duration", "10s", "The gap <between> bursts.")));
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("page", new PageContext("vivian", "viewer", false, "csrf"));
    parameters.put("plugins", List.of(bare, described));

    String page = new Templates().render("plugins.jte", parameters);

    assertTrue(sectionOf(page, "plugin-feeder-bare").contains("no options"), page);
    String burst = sectionOf(page, "plugin-rate-model-burst");
    assertFalse(burst.contains("no options"), burst);
    assertTrue(burst.contains("<td><code>10s</code></td>"), burst);
    assertTrue(burst.contains("The gap &lt;between&gt; bursts."), burst);
  }

  private static JsonNode option(JsonNode plugins, String kind, String id, String name) {
    for (JsonNode plugin : plugins) {
      if (plugin.get("kind").asText().equals(kind) && plugin.get("id").asText().equals(id)) {
        for (JsonNode option : plugin.get("options")) {
          if (option.get("name").asText().equals(name)) {
            return option;
          }
        }
      }
    }
    throw new AssertionError("no option " + name + " of " + kind + " " + id + " in " + plugins);
  }

  /** The HTML of one plugin's options section, from its id to the section's end. */
  private static String sectionOf(String page, String id) {
    int start = page.indexOf("id=\"" + id + "\"");
    assertTrue(start >= 0, "no section " + id + " in " + page);
    int end = page.indexOf("</section>", start);
    return page.substring(start, end);
  }

  private static Request.Builder bearer(String token) {
    return new Request.Builder().header("Authorization", "Bearer " + token);
  }
}
