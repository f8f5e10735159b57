package io.loadline.plugins.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.loadline.spi.ConfigProblem;
import io.loadline.spi.Exchange;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.Outcome;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PreparedStep;
import io.loadline.spi.Protocol;
import io.loadline.spi.StepResult;
import io.loadline.testsupport.TestTarget;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The {@code http} protocol with {@code version: 2}, against h2c targets on 127.0.0.1. */
class Http2ProtocolTest {

  private static final String STEP = "scenarios[0].steps[0].request";

  private static TestTarget target;
  private static Server echo;
  private static int echoPort;
  private static Protocol protocol;

  @BeforeAll
  static void startTargetsAndProtocol() throws Exception {
    target = TestTarget.http2();
    echo = startEchoServer();
    echoPort = ((ServerConnector) echo.getConnectors()[0]).getLocalPort();
    protocol = http2Protocol(Map.of());
  }

  @AfterAll
  static void stopEverything() throws Exception {
    protocol.close();
    echo.stop();
    target.close();
  }

  @Test
  void versionTwoSendsHttp2RequestsAndReadsTheirAnswers() throws Exception {
    String url = target.url("/ok?h2-version");
    StepResult ok = run(Map.of("url", url));
    StepResult notFound = run(Map.of("url", target.url("/status/404")));

    assertEquals(Outcome.SUCCESS, ok.outcome(), ok.detail());
    assertEquals(200, ok.statusCode());
    assertEquals(TestTarget.BODY.length(), ok.bytesReceived());
    assertEquals(Outcome.CLIENT_ERROR, notFound.outcome());
    assertEquals(404, notFound.statusCode());
    assertFalse(target.requestVersions().isEmpty());
    assertTrue(
        target.requestVersions().stream().allMatch("HTTP/2.0"::equals),
        "versions the server saw: " + target.requestVersions());
  }

  @Test
  void manyConcurrentRequestsShareOneConnectionWhenOneIsAllowed() throws Exception {
    TestTarget own = TestTarget.http2();
    Protocol oneConnection = http2Protocol(Map.of("maxConnectionsPerDestination", 1));
    try {
      // 200 requests of 300 ms each: one after another they would take a minute; on one HTTP/2
      // connection (128 streams at once on Jetty's server) they take two rounds.
      PreparedStep step =
          oneConnection.prepare(PluginConfig.of(STEP, Map.of("url", own.url("/slow/300")), null));
      List<RecordingExchange> exchanges = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        RecordingExchange exchange = new RecordingExchange(Duration.ofSeconds(20));
        exchanges.add(exchange);
        oneConnection.execute(step, Map.of(), exchange);
      }
      for (RecordingExchange exchange : exchanges) {
        StepResult result = exchange.result.get(15, TimeUnit.SECONDS);
        assertEquals(Outcome.SUCCESS, result.outcome(), result.detail());
      }

      assertEquals(200, own.requestVersions().size());
      assertEquals(1, own.connectionsOpened(), "connections the server accepted");
    } finally {
      oneConnection.close();
      own.close();
    }
  }

  @Test
  void aTimedOutRequestIsATimeoutNoSoonerThanItsTimeout() throws Exception {
    PreparedStep step =
        protocol.prepare(PluginConfig.of(STEP, Map.of("url", target.url("/slow/2000")), null));
    for (int attempt = 0; attempt < 5; attempt++) {
      RecordingExchange exchange = new RecordingExchange(Duration.ofMillis(100));
      long startNanos = System.nanoTime();
      protocol.execute(step, Map.of(), exchange);
      StepResult result = exchange.result.get(10, TimeUnit.SECONDS);

      assertEquals(Outcome.TIMEOUT, result.outcome(), result.detail());
      long elapsedNanos = exchange.completedNanos - startNanos;
      assertTrue(
          elapsedNanos >= Duration.ofMillis(100).toNanos(),
          "a 100 ms timeout ended after " + elapsedNanos + " ns");
    }
  }

  @Test
  void redirectsAreFollowedAndTheirCookiesKept() throws Exception {
    Map<String, Object> request =
        Map.of("url", echoUrl("/login"), "followRedirects", true, "headers", Map.of("X-Id", "7"));

    StepResult result = run(request, Duration.ofSeconds(5), true);

    assertEquals(Outcome.SUCCESS, result.outcome(), result.detail());
    assertEquals(200, result.statusCode());
    assertEquals(
        "GET /landing HTTP/2.0 cookie=session=abc x-id=7 body=", result.response().bodyText());
    assertEquals("abc", result.response().cookie("session"));
  }

  @Test
  void aBodyAndHeadersAreSentAndTheResponseHeadersRead() throws Exception {
    Map<String, Object> request =
        Map.of(
            "method",
            "POST",
            "url",
            echoUrl("/echo"),
            "headers",
            Map.of("Content-Type", "application/json", "X-Id", "{{id}}"),
            "body",
            "{\"name\": \"{{name}}\"}");
    PreparedStep step = protocol.prepare(PluginConfig.of(STEP, request, null));

    StepResult result =
        execute(step, Map.of("id", "42", "name", "Ann \"A\""), Duration.ofSeconds(5), true);

    assertEquals(Outcome.SUCCESS, result.outcome(), result.detail());
    assertEquals(
        "POST /echo HTTP/2.0 cookie=none x-id=42 body={\"name\": \"Ann \\\"A\\\"\"}",
        result.response().bodyText());
    assertEquals("yes", result.response().header("X-Echoed"));
  }

  @Test
  void aRefusedConnectionIsAConnectError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    StepResult result = run(Map.of("url", "http://127.0.0.1:" + closedPort + "/"));

    assertEquals(Outcome.CONNECT_ERROR, result.outcome(), result.detail());
  }

  @Test
  void aServerThatSpeaksOnlyHttp11FailsEveryRequestWithAMessageSayingSo() throws Exception {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger protocolLogger = (Logger) LoggerFactory.getLogger(HttpProtocol.class);
    protocolLogger.addAppender(log);
    try (TestTarget http11 = new TestTarget()) {
      StepResult first = run(Map.of("url", http11.url("/ok")));
      StepResult second = run(Map.of("url", http11.url("/ok")));

      for (StepResult result : List.of(first, second)) {
        assertEquals(Outcome.OTHER_ERROR, result.outcome(), result.detail());
        assertEquals(0, result.statusCode());
        assertTrue(
            result
                .detail()
                .startsWith("the server did not answer in HTTP/2; it may speak HTTP/1.1"),
            "detail: " + result.detail());
      }
      assertTrue(http11.requestTargets().isEmpty(), "no request was understood by the server");
      // Once per run in the run's log, where a plan's author looks; the detail names the target.
      List<ILoggingEvent> warnings =
          log.list.stream().filter(event -> event.getLevel() == Level.WARN).toList();
      assertEquals(1, warnings.size(), warnings.toString());
      String warning = warnings.get(0).getFormattedMessage();
      assertTrue(warning.contains("does not answer in HTTP/2"), warning);
      assertTrue(warning.contains(http11.url("").replaceAll("/$", "")), warning);
    } finally {
      protocolLogger.detachAppender(log);
      log.stop();
    }
  }

  @Test
  void aCancelResetsItsStreamAndLeavesTheConnectionToTheOthers() throws Exception {
    TestTarget own = TestTarget.http2();
    Protocol oneConnection = http2Protocol(Map.of("maxConnectionsPerDestination", 1));
    try {
      PreparedStep held =
          oneConnection.prepare(PluginConfig.of(STEP, Map.of("url", own.url("/slow/30000")), null));
      RecordingExchange exchange = new RecordingExchange(Duration.ofSeconds(30));
      oneConnection.execute(held, Map.of(), exchange);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (own.requestTargets().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      exchange.cancel.run();
      StepResult cancelled = exchange.result.get(5, TimeUnit.SECONDS);

      PreparedStep next =
          oneConnection.prepare(PluginConfig.of(STEP, Map.of("url", own.url("/ok")), null));
      RecordingExchange after = new RecordingExchange(Duration.ofSeconds(5));
      oneConnection.execute(next, Map.of(), after);
      StepResult afterResult = after.result.get(10, TimeUnit.SECONDS);

      assertFalse(cancelled.outcome().isSuccess());
      assertTrue(cancelled.detail().contains("cancelled"), cancelled.detail());
      assertEquals(Outcome.SUCCESS, afterResult.outcome(), afterResult.detail());
      assertEquals(1, own.connectionsOpened(), "the cancel kept the connection open");
    } finally {
      oneConnection.close();
      own.close();
    }
  }

  @Test
  void theVersionIsReadFromTextOrNumbers() throws Exception {
    assertEquals(HttpClientSettings.Version.HTTP_1_1, settings(Map.of()).version());
    assertEquals(HttpClientSettings.Version.HTTP_2, settings(Map.of("version", 2)).version());
    assertEquals(HttpClientSettings.Version.HTTP_2, settings(Map.of("version", "2")).version());
    assertEquals(HttpClientSettings.Version.HTTP_2, settings(Map.of("version", 2.0)).version());
    assertEquals(HttpClientSettings.Version.HTTP_1_1, settings(Map.of("version", 1.1)).version());
    assertEquals(HttpClientSettings.Version.HTTP_1_1, settings(Map.of("version", "1.1")).version());
  }

  @Test
  void anUnknownVersionIsRejectedAtItsPath() {
    for (Object wrong : List.of("3", "1.0", "h2", "HTTP/2", 1)) {
      InvalidConfigException thrown =
          assertThrows(InvalidConfigException.class, () -> settings(Map.of("version", wrong)));

      ConfigProblem problem = thrown.problems().get(0);
      assertEquals(1, thrown.problems().size(), thrown.getMessage());
      assertEquals("scenarios[0].protocol.version", problem.path());
      assertEquals(
          "must be 1.1 (HTTP/1.1, the default) or 2 (HTTP/2), was '" + wrong + "'",
          problem.message());
    }
  }

  @Test
  void theWarmUpSpeaksHttp2ToItsOwnResponder() throws Exception {
    HttpProtocol warmed = new HttpProtocol(settings(Map.of("version", "2")));
    warmed.start();
    try {
      long stopAt = System.nanoTime() + Duration.ofMillis(400).toNanos();
      HttpWarmUp.Report report =
          warmed.warmUpReport(Duration.ofMinutes(5), () -> System.nanoTime() > stopAt);

      assertTrue(report.completed() > 0, "requests answered: " + report);
      assertEquals(0, report.failed(), report.toString());
    } finally {
      warmed.close();
    }
  }

  private static HttpClientSettings settings(Map<String, Object> values) throws Exception {
    return ((HttpProtocol)
            new HttpProtocolFactory()
                .create(PluginConfig.of("scenarios[0].protocol", values, null)))
        .settings();
  }

  private static Protocol http2Protocol(Map<String, Object> more) throws Exception {
    Map<String, Object> values = new HashMap<>(more);
    values.put("version", "2");
    Protocol created = new HttpProtocolFactory().create(PluginConfig.of("p", values, null));
    created.start();
    return created;
  }

  private static String echoUrl(String path) {
    return "http://127.0.0.1:" + echoPort + path;
  }

  /**
   * An h2c server: {@code /login} sets a cookie and redirects to {@code /landing}; every other path
   * answers with the request's method, path, version, Cookie and X-Id headers and body.
   */
  private static Server startEchoServer() throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, new HTTP2CServerConnectionFactory());
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            String path = request.getHttpURI().getPath();
            if (path.equals("/login")) {
              response.setStatus(302);
              response.getHeaders().put(HttpHeader.LOCATION, "/landing");
              response.getHeaders().add(HttpHeader.SET_COOKIE, "session=abc; Path=/");
              callback.succeeded();
              return true;
            }
            String body = Content.Source.asString(request, StandardCharsets.UTF_8);
            String cookie = request.getHeaders().get(HttpHeader.COOKIE);
            String text =
                request.getMethod()
                    + " "
                    + path
                    + " "
                    + request.getConnectionMetaData().getHttpVersion().asString()
                    + " cookie="
                    + (cookie == null ? "none" : cookie)
                    + " x-id="
                    + request.getHeaders().get("X-Id")
                    + " body="
                    + body;
            response.getHeaders().put("X-Echoed", "yes");
            Content.Sink.write(response, true, text, callback);
            return true;
          }
        });
    server.start();
    return server;
  }

  private static StepResult run(Map<String, Object> request) throws Exception {
    return run(request, Duration.ofSeconds(5), false);
  }

  private static StepResult run(Map<String, Object> request, Duration timeout, boolean keepBody)
      throws Exception {
    PreparedStep step = protocol.prepare(PluginConfig.of(STEP, request, Path.of(".")));
    return execute(step, Map.of(), timeout, keepBody);
  }

  private static StepResult execute(
      PreparedStep step, Map<String, String> variables, Duration timeout, boolean keepBody)
      throws Exception {
    RecordingExchange exchange = new RecordingExchange(timeout);
    exchange.bodyWanted = keepBody;
    protocol.execute(step, variables, exchange);
    StepResult result = exchange.result.get(10, TimeUnit.SECONDS);
    assertEquals(1, exchange.completions.get(), "complete is called exactly once");
    return result;
  }

  /** The engine's side of an exchange, as a test sees it. */
  private static final class RecordingExchange implements Exchange {
    private final Duration timeout;
    private final CompletableFuture<StepResult> result = new CompletableFuture<>();
    private final AtomicInteger completions = new AtomicInteger();
    private volatile long completedNanos;
    private volatile Runnable cancel;
    private volatile boolean bodyWanted;

    RecordingExchange(Duration timeout) {
      this.timeout = timeout;
    }

    @Override
    public Duration timeout() {
      return timeout;
    }

    @Override
    public boolean responseBodyWanted() {
      return bodyWanted;
    }

    @Override
    public void sent() {}

    @Override
    public void complete(StepResult stepResult) {
      completedNanos = System.nanoTime();
      completions.incrementAndGet();
      result.complete(stepResult);
    }

    @Override
    public void onCancel(Runnable protocolCancel) {
      cancel = protocolCancel;
    }
  }
}
