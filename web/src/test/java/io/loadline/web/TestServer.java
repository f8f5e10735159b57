package io.loadline.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loadline.store.User;
import io.loadline.web.http.JsonMapping;
import io.loadline.web.ops.OperationsSettings;
import io.loadline.web.security.SecurityConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Loadline server for tests: SQLite in a temporary directory, 127.0.0.1 on a free port, a
 * known JWT secret and admin password, and a small HTTP client that never follows redirects.
 */
public final class TestServer implements AutoCloseable {

  public static final String JWT_SECRET = "a-test-only-secret-that-is-long-enough-for-hs256";
  public static final String ADMIN_PASSWORD = "admin-password-for-tests";

  public final LoadlineServer server;
  public final ByteArrayOutputStream console = new ByteArrayOutputStream();
  public final ObjectMapper json = JsonMapping.newObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private TestServer(ServerConfig config) {
    this(config, SecurityConfig.defaults(), OperationsSettings.defaults());
  }

  private TestServer(ServerConfig config, SecurityConfig security, OperationsSettings operations) {
    this.server =
        LoadlineServer.create(
            config, security, operations, new PrintStream(console, true, StandardCharsets.UTF_8));
  }

  /** A started server with security settings (allow-list, caps). */
  public static TestServer start(Path dataDirectory, SecurityConfig security) {
    TestServer test =
        new TestServer(config(dataDirectory), security, OperationsSettings.defaults());
    test.server.start();
    return test;
  }

  /** A started server with these {@code /metrics} settings. */
  public static TestServer start(Path dataDirectory, OperationsSettings operations) {
    TestServer test = new TestServer(config(dataDirectory), SecurityConfig.defaults(), operations);
    test.server.start();
    return test;
  }

  /** A started server keeping its data in {@code dataDirectory}. */
  public static TestServer start(Path dataDirectory) {
    return start(config(dataDirectory));
  }

  /** A wired server that is not listening yet, for javalin-testtools to start. */
  public static TestServer create(Path dataDirectory) {
    return new TestServer(config(dataDirectory));
  }

  public static TestServer start(ServerConfig config) {
    TestServer test = new TestServer(config);
    test.server.start();
    return test;
  }

  /** A test config: loopback, free port, known secrets, short engine defaults. */
  public static ServerConfig config(Path dataDirectory) {
    return ServerConfig.defaults()
        .withPort(0)
        .withDataDirectory(dataDirectory)
        .withPluginsDirectory(dataDirectory.resolve("no-plugins"))
        .withEngineDefaults(Duration.ofSeconds(5), 1_000, Duration.ofSeconds(2))
        .withSecrets(ADMIN_PASSWORD, JWT_SECRET);
  }

  public String url(String path) {
    return server.baseUrl() + path;
  }

  /** Creates a user with a role and returns it. */
  public User createUser(String username, String password, String role) {
    return server.users().create(username, server.passwords().hash(password), role);
  }

  /** Logs in through the API and returns the bearer token. */
  public String login(String username, String password) {
    HttpResponse<String> response =
        send(
            request("/api/v1/auth/login")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")));
    if (response.statusCode() != 200) {
      throw new AssertionError("login failed: " + response.statusCode() + " " + response.body());
    }
    return readJson(response.body()).get("token").asText();
  }

  public String adminToken() {
    return login("admin", ADMIN_PASSWORD);
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20));
  }

  public HttpRequest.Builder request(String path, String token) {
    return request(path).header("Authorization", "Bearer " + token);
  }

  public HttpResponse<String> get(String path, String token) {
    return send(request(path, token).GET());
  }

  /** Sends a JSON body with a bearer token (or none when {@code token} is null). */
  public HttpResponse<String> sendJson(String method, String path, String token, String body) {
    HttpRequest.Builder request = token == null ? request(path) : request(path, token);
    return send(
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A fresh session token for a user, signed by the server without a (slow) password check. */
  public String tokenFor(User user) {
    return server.tokens().issue(user).token();
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  public JsonNode readJson(String body) {
    try {
      return json.readTree(body);
    } catch (IOException failure) {
      throw new UncheckedIOException("not JSON: " + body, failure);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
