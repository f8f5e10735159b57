package io.loadline.web.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loadline.web.Plans;
import io.loadline.web.ServerConfig;
import io.loadline.web.TestServer;
import io.loadline.web.demo.DemoTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code LOADLINE_LOG_FORMAT}: text by default, JSON lines with the run id on request. */
class JsonLogFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDirectory;

  private DemoTarget target;
  private Process server;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null && server.isAlive()) {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  void theFormatIsTextUnlessJsonIsAskedForAndAnyOtherValueIsRefused() {
    assertFalse(ServerConfig.jsonLogsRequested(Map.of()));
    assertFalse(ServerConfig.jsonLogsRequested(Map.of(ServerConfig.ENV_LOG_FORMAT, " ")));
    assertFalse(ServerConfig.jsonLogsRequested(Map.of(ServerConfig.ENV_LOG_FORMAT, "text")));
    assertTrue(ServerConfig.jsonLogsRequested(Map.of(ServerConfig.ENV_LOG_FORMAT, "json")));
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> ServerConfig.jsonLogsRequested(Map.of(ServerConfig.ENV_LOG_FORMAT, "xml")));
    assertEquals("LOADLINE_LOG_FORMAT must be 'text' or 'json', was 'xml'.", refused.getMessage());
  }

  @Test
  void serveWithJsonLogsWritesEveryLineAsJsonAndARunsLinesCarryItsRunId() throws Exception {
    target = DemoTarget.start(0);
    Path plan = dataDirectory.resolve("plan.yaml");
    Files.writeString(plan, Plans.yaml("json-logs", target.baseUrl(), "5/s", "1s"));
    Path log = dataDirectory.resolve("server.log");
    server = start(log, "json", "serve", "--port", "0", "--run", plan.toString());
    awaitLogged(log, "Run 1 ended");
    server.destroy();
    assertTrue(server.waitFor(30, TimeUnit.SECONDS), Files.readString(log));

    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line)); // throws when a line is not JSON
      }
    }
    JsonNode started = lineWithMessage(lines, "Run 1 started");
    assertEquals("1", started.get("mdc").get("runId").asText(), started.toString());
    assertEquals("INFO", started.get("level").asText());
    assertEquals("io.loadline.run.RunService", started.get("loggerName").asText());
    JsonNode ended = lineWithMessage(lines, "Run 1 ended");
    assertEquals("1", ended.get("mdc").get("runId").asText(), ended.toString());
    JsonNode stopped = lineWithMessage(lines, "Loadline stopped");
    assertFalse(stopped.get("mdc").has("runId"), "a line about no run has no run id");
  }

  @Test
  void anUnknownLogFormatExitsTwoSayingWhichValuesAreAllowed() throws Exception {
    Path log = dataDirectory.resolve("cli.log");
    server = start(log, "yaml", "--version");

    assertTrue(server.waitFor(60, TimeUnit.SECONDS));
    assertEquals(Main.EXIT_ERROR, server.exitValue());
    assertEquals(
        "loadline: LOADLINE_LOG_FORMAT must be 'text' or 'json', was 'yaml'.",
        Files.readString(log).strip());
  }

  private Process start(Path log, String logFormat, String... arguments) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                // As loadline.jar's manifest does; else the JVM warns on stderr, not in JSON.
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(arguments));
    if (arguments[0].equals("serve")) {
      command.addAll(
          List.of(
              "--data-dir",
              dataDirectory.toString(),
              "--plugins-dir",
              dataDirectory.resolve("no-plugins").toString()));
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put(ServerConfig.ENV_LOG_FORMAT, logFormat);
    builder.environment().put(ServerConfig.ENV_ADMIN_PASSWORD, TestServer.ADMIN_PASSWORD);
    builder.environment().put(ServerConfig.ENV_JWT_SECRET, TestServer.JWT_SECRET);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.redirectError(log.toFile());
    return builder.start();
  }

  private void awaitLogged(Path log, String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && server.isAlive()) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("'" + text + "' was not logged:\n" + Files.readString(log));
  }

  private static JsonNode lineWithMessage(List<JsonNode> lines, String start) {
    return lines.stream()
        .filter(line -> line.path("formattedMessage").asText().startsWith(start))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line '" + start + "' in " + lines));
  }
}
