package io.loadline.plugins.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.loadline.spi.ConfigProblem;
import io.loadline.spi.Exchange;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.Outcome;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PreparedStep;
import io.loadline.spi.Protocol;
import io.loadline.spi.StepResult;
import io.loadline.testsupport.TestTarget;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpProtocolTest {

  private static final String STEP = "scenarios[0].steps[0].request";

  private static TestTarget target;
  private static Protocol protocol;

  @BeforeAll
  static void startTargetAndProtocol() throws Exception {
    target = new TestTarget();
    protocol = new HttpProtocolFactory().create(PluginConfig.of("p", Map.of(), Path.of(".")));
    protocol.start();
  }

  @AfterAll
  static void stopEverything() throws Exception {
    protocol.close();
    target.close();
  }

  @Test
  void statusCodesAreClassifiedAndBodyBytesCounted() throws Exception {
    StepResult ok = run(Map.of("url", target.url("/ok")));
    StepResult notFound = run(Map.of("url", target.url("/status/404")));
    StepResult unavailable = run(Map.of("url", target.url("/status/503"), "method", "post"));

    assertEquals(
        new StepResult(Outcome.SUCCESS, 200, TestTarget.BODY.length(), ""),
        new StepResult(ok.outcome(), ok.statusCode(), ok.bytesReceived(), ok.detail()));
    assertEquals("", ok.response().bodyText(), "the body is kept only when the engine asks");
    assertEquals(Outcome.CLIENT_ERROR, notFound.outcome());
    assertEquals(404, notFound.statusCode());
    assertEquals(Outcome.SERVER_ERROR, unavailable.outcome());
    assertEquals(503, unavailable.statusCode());
  }

  @Test
  void aResponseSlowerThanTheExchangeTimeoutIsATimeout() throws Exception {
    StepResult result = run(Map.of("url", target.url("/slow/2000")), Duration.ofMillis(200));

    assertEquals(Outcome.TIMEOUT, result.outcome(), result.detail());
  }

  @Test
  void theTimeLeftIsGivenToJettyInMillisecondsRoundedUp() {
    // Rounded down, 199.99 ms left became 199 ms and a 200 ms timeout ended at 199.x ms.
    assertEquals(200, HttpFlight.timeoutMillis(199_999_999));
    assertEquals(200, HttpFlight.timeoutMillis(199_000_001));
    assertEquals(200, HttpFlight.timeoutMillis(200_000_000));
    assertEquals(1, HttpFlight.timeoutMillis(1));
    assertEquals(Long.MAX_VALUE / 1_000_000 + 1, HttpFlight.timeoutMillis(Long.MAX_VALUE));
  }

  @Test
  void aTimedOutRequestEndsNoSoonerThanItsTimeout() throws Exception {
    PreparedStep step =
        protocol.prepare(
            PluginConfig.of(STEP, Map.of("url", target.url("/slow/2000")), Path.of(".")));
    for (int attempt = 0; attempt < 10; attempt++) {
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
  void theStepTimeoutOverridesTheExchangeTimeout() throws Exception {
    Map<String, Object> request = Map.of("url", target.url("/slow/2000"), "timeout", "150ms");

    StepResult result = run(request, Duration.ofSeconds(30));

    assertEquals(Outcome.TIMEOUT, result.outcome(), result.detail());
  }

  @Test
  void aRefusedConnectionIsAConnectError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    StepResult result = run(Map.of("url", "http://127.0.0.1:" + closedPort + "/"));

    assertEquals(Outcome.CONNECT_ERROR, result.outcome(), result.detail());
    assertEquals(0, result.statusCode());
  }

  @Test
  void anIdleTimeoutShorterThanTheRequestTimeoutDoesNotEndTheRequestEarly() throws Exception {
    // The client's idleTimeout (500 ms) once ended a quiet request as a "timeout" at 500 ms,
    // before the step's own timeout of 2 s.
    Map<String, Object> settings = Map.of("idleTimeout", "500ms");
    Protocol shortIdle = new HttpProtocolFactory().create(PluginConfig.of("p", settings, null));
    shortIdle.start();
    try {
      PreparedStep step =
          shortIdle.prepare(
              PluginConfig.of(
                  STEP, Map.of("url", target.url("/slow/3000"), "timeout", "2s"), Path.of(".")));
      RecordingExchange exchange = new RecordingExchange(Duration.ofSeconds(30));
      long startNanos = System.nanoTime();
      shortIdle.execute(step, Map.of(), exchange);
      StepResult result = exchange.result.get(10, TimeUnit.SECONDS);

      assertEquals(Outcome.TIMEOUT, result.outcome(), result.detail());
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(exchange.completedNanos - startNanos);
      assertTrue(elapsedMillis >= 2000, "a 2 s timeout ended after " + elapsedMillis + " ms");
    } finally {
      shortIdle.close();
    }
  }

  @Test
  void aConnectThatRunsPastTheConnectTimeoutIsAConnectErrorNotATimeout() throws Exception {
    // A listening socket that never accepts: once its accept queue is full, Linux drops further
    // SYNs, so the next connect hangs until the connect timeout, all on 127.0.0.1.
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    List<Socket> queued = new ArrayList<>();
    try (ServerSocket neverAccepting = new ServerSocket(0, 1, loopback)) {
      InetSocketAddress address = new InetSocketAddress(loopback, neverAccepting.getLocalPort());
      assumeTrue(fillAcceptQueue(address, queued), "the accept queue would not fill up here");
      Map<String, Object> settings = Map.of("connectTimeout", "300ms");
      Protocol quickConnect =
          new HttpProtocolFactory().create(PluginConfig.of("p", settings, null));
      quickConnect.start();
      try {
        PreparedStep step =
            quickConnect.prepare(
                PluginConfig.of(
                    STEP,
                    Map.of("url", "http://127.0.0.1:" + address.getPort() + "/"),
                    Path.of(".")));
        RecordingExchange exchange = new RecordingExchange(Duration.ofSeconds(5));
        quickConnect.execute(step, Map.of(), exchange);
        StepResult result = exchange.result.get(10, TimeUnit.SECONDS);

        assertEquals(Outcome.CONNECT_ERROR, result.outcome(), result.detail());
        assertTrue(result.detail().contains("SocketTimeoutException"), result.detail());
      } finally {
        quickConnect.close();
      }
    } finally {
      for (Socket socket : queued) {
        socket.close();
      }
    }
  }

  /** Connects until a connect hangs (at most 16 tries); true when the queue is full. */
  private static boolean fillAcceptQueue(InetSocketAddress address, List<Socket> queued)
      throws Exception {
    for (int attempt = 0; attempt < 16; attempt++) {
      Socket socket = new Socket();
      try {
        socket.connect(address, 200);
        queued.add(socket);
      } catch (SocketTimeoutException hung) {
        socket.close();
        return true;
      }
    }
    return false;
  }

  @Test
  void failuresAreClassifiedByTheirCauseAndATimeoutOnlyOnceTheDeadlineHasPassed() {
    TimeoutException total = new TimeoutException("Total timeout 2000 ms elapsed");
    SocketTimeoutException connect = new SocketTimeoutException("Connect Timeout");

    assertEquals(Outcome.TIMEOUT, HttpFlight.classify(total, true));
    assertEquals(Outcome.TIMEOUT, HttpFlight.classify(new ExecutionException(total), true));
    assertEquals(Outcome.OTHER_ERROR, HttpFlight.classify(total, false));
    assertEquals(Outcome.CONNECT_ERROR, HttpFlight.classify(connect, false));
    assertEquals(Outcome.CONNECT_ERROR, HttpFlight.classify(new IOException(connect), true));
    assertEquals(Outcome.CONNECT_ERROR, HttpFlight.classify(new ConnectException(), false));
    assertEquals(Outcome.OTHER_ERROR, HttpFlight.classify(new IOException("reset"), true));
  }

  @Test
  void placeholdersAreFilledFromTheVariablesInUrlHeadersAndBody() throws Exception {
    Map<String, Object> request = new HashMap<>();
    request.put("url", target.url("/items/{{id}}?user={{user}}"));
    request.put("method", "PUT");
    request.put("headers", Map.of("X-Id", "{{id}}"));
    request.put("body", "{\"id\": \"{{id}}\"}");
    PreparedStep step = protocol.prepare(PluginConfig.of(STEP, request, Path.of(".")));

    StepResult result = execute(step, Map.of("id", "42", "user", "a&b"), Duration.ofSeconds(5));

    assertEquals(Outcome.SUCCESS, result.outcome());
    assertTrue(
        target.requestTargets().contains("/items/42?user=a%26b"),
        "values in a query are percent-encoded: " + target.requestTargets());
    assertEquals("PUT /items/{{id}}", step.describe());
  }

  @Test
  void aVariableInTheQueryIsPercentEncodedSpacesAsPercent20() throws Exception {
    PreparedStep step =
        protocol.prepare(
            PluginConfig.of(STEP, Map.of("url", target.url("/get?q={{v}}")), Path.of(".")));

    execute(step, Map.of("v", "do da di"), Duration.ofSeconds(5));
    execute(step, Map.of("v", "a+b/c=="), Duration.ofSeconds(5));

    assertTrue(
        target.requestTargets().contains("/get?q=do%20da%20di"),
        target.requestTargets().toString());
    assertTrue(
        target.requestTargets().contains("/get?q=a%2Bb%2Fc%3D%3D"),
        target.requestTargets().toString());
  }

  @Test
  void aBaseUrlVariableIsWrittenAsItIsAndATripleMustacheIsNeverEncoded() throws Exception {
    PreparedStep step =
        protocol.prepare(
            PluginConfig.of(STEP, Map.of("url", "{{base}}/raw/{{{path}}}?q={{v}}"), Path.of(".")));

    StepResult result =
        execute(
            step, Map.of("base", target.url(""), "path", "a/b", "v", "x y"), Duration.ofSeconds(5));

    assertEquals(Outcome.SUCCESS, result.outcome(), result.detail());
    assertTrue(
        target.requestTargets().contains("/raw/a/b?q=x%20y"), target.requestTargets().toString());
    assertEquals(java.util.Set.of("base", "path", "v"), step.variablesUsed());
  }

  @Test
  void anUndefinedVariableIsACountedFailureNamingTheVariable() throws Exception {
    PreparedStep step =
        protocol.prepare(
            PluginConfig.of(STEP, Map.of("url", target.url("/x?q={{nothing}}")), Path.of(".")));

    StepResult result = execute(step, Map.of(), Duration.ofSeconds(5));

    assertEquals(Outcome.OTHER_ERROR, result.outcome());
    assertTrue(result.detail().contains("'nothing' is not defined"), result.detail());
  }

  @Test
  void anUnknownFunctionOrAWrongArgumentCountIsAProblemOfTheStep() {
    for (String url :
        List.of("http://127.0.0.1/{{nosuch()}}", "http://127.0.0.1/{{randomInt(1)}}")) {
      InvalidConfigException thrown =
          assertThrows(
              InvalidConfigException.class,
              () -> protocol.prepare(PluginConfig.of(STEP, Map.of("url", url), Path.of("."))));
      assertEquals(STEP + ".url", thrown.problems().get(0).path(), thrown.getMessage());
    }
  }

  @Test
  void aUrlThatIsInvalidAfterFillingInIsAFailedRequestNotAnException() throws Exception {
    PreparedStep step =
        protocol.prepare(PluginConfig.of(STEP, Map.of("url", "{{base}}/x"), Path.of(".")));

    StepResult result = execute(step, Map.of("base", "not a url"), Duration.ofSeconds(5));

    assertEquals(Outcome.OTHER_ERROR, result.outcome());
  }

  @Test
  void everyProblemOfAStepIsReportedWithItsPath() {
    Map<String, Object> request =
        Map.of("method", "FETCH", "timeout", "soon", "retries", 3, "headers", Map.of("A", "b"));

    InvalidConfigException thrown =
        assertThrows(
            InvalidConfigException.class,
            () -> protocol.prepare(PluginConfig.of(STEP, request, Path.of("."))));

    List<String> paths = thrown.problems().stream().map(ConfigProblem::path).sorted().toList();
    assertEquals(
        List.of(STEP + ".method", STEP + ".retries", STEP + ".timeout", STEP + ".url"), paths);
  }

  @Test
  void urlsThatCannotWorkAreRejectedBeforeTheRun() {
    assertUrlRejected("ftp://127.0.0.1/file");
    assertUrlRejected("/relative/path");
    assertUrlRejected("ftp://{{host}}/file");
    assertUrlRejected("http://127.0.0.1/{{unclosed");
    // The URI parser accepts any digits as a port; these failed only when sent.
    for (String port : List.of("99999", "0", "65536")) {
      InvalidConfigException thrown =
          assertThrows(
              InvalidConfigException.class,
              () ->
                  protocol.prepare(
                      PluginConfig.of(
                          STEP, Map.of("url", "http://127.0.0.1:" + port + "/x"), Path.of("."))));
      assertEquals(
          List.of(
              new ConfigProblem(
                  STEP + ".url",
                  "must name a port from 1 to 65535, was "
                      + port
                      + " in 'http://127.0.0.1:"
                      + port
                      + "/x'")),
          thrown.problems());
    }
  }

  @Test
  void invalidClientSettingsAreAllReported() {
    Map<String, Object> settings =
        Map.of(
            "maxConnectionsPerDestination", 0,
            "connectTimeout", "0s",
            "idleTimeout", "forever",
            "followRedirects", "maybe",
            "http2", true);

    InvalidConfigException thrown =
        assertThrows(
            InvalidConfigException.class,
            () -> new HttpProtocolFactory().create(PluginConfig.of("s.protocol", settings, null)));

    assertEquals(5, thrown.problems().size(), thrown.getMessage());
  }

  @Test
  void defaultsApplyWhenNothingIsSet() throws Exception {
    HttpProtocol created =
        (HttpProtocol) new HttpProtocolFactory().create(PluginConfig.of("p", Map.of(), null));

    assertEquals(HttpClientSettings.DEFAULTS, created.settings());
    assertEquals(256, created.settings().maxConnectionsPerDestination());
    assertFalse(created.settings().followRedirects());
  }

  private static void assertUrlRejected(String url) {
    InvalidConfigException thrown =
        assertThrows(
            InvalidConfigException.class,
            () -> protocol.prepare(PluginConfig.of(STEP, Map.of("url", url), Path.of("."))));
    assertEquals(STEP + ".url", thrown.problems().get(0).path(), thrown.getMessage());
  }

  @Test
  void aCancelledRequestIsAbortedAndItsConnectionClosed() throws Exception {
    // A peer that reads the request, never answers, and notes when the client closes the socket.
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 1, loopback)) {
      CompletableFuture<Void> requestRead = new CompletableFuture<>();
      CompletableFuture<Long> closedNanos = new CompletableFuture<>();
      Thread peer =
          Thread.ofVirtual().start(() -> holdOneRequest(server, requestRead, closedNanos));
      String url = "http://127.0.0.1:" + server.getLocalPort() + "/held";
      PreparedStep step = protocol.prepare(PluginConfig.of(STEP, Map.of("url", url), Path.of(".")));
      RecordingExchange exchange = new RecordingExchange(Duration.ofSeconds(30));

      protocol.execute(step, Map.of(), exchange);
      requestRead.get(10, TimeUnit.SECONDS);
      Runnable cancel = exchange.cancel;
      long cancelledNanos = System.nanoTime();
      cancel.run();

      // The peer sees the connection closed long before the 30 s timeout.
      long closeMillis =
          TimeUnit.NANOSECONDS.toMillis(closedNanos.get(10, TimeUnit.SECONDS) - cancelledNanos);
      StepResult result = exchange.result.get(10, TimeUnit.SECONDS);
      peer.join(10_000);
      System.out.printf(
          "cancelled request: peer saw the close after %d ms, %s%n", closeMillis, result);
      assertFalse(result.outcome().isSuccess(), "an aborted request is reported failed, if at all");
      assertTrue(result.detail().contains("cancelled"), result.detail());
      assertEquals(1, exchange.completions.get());
    }
  }

  @Test
  void aRequestCancelledBeforeItLeavesIsNeverSent() throws Exception {
    String url = target.url("/ok?cancelled-before-sending");
    PreparedStep step = protocol.prepare(PluginConfig.of(STEP, Map.of("url", url), Path.of(".")));
    RecordingExchange exchange = new RecordingExchange(Duration.ofSeconds(5));
    exchange.givenUp = true; // as the engine does when it gave the exchange up first

    protocol.execute(step, Map.of(), exchange);
    // A request that left would reach the local target within this; none may.
    Thread.sleep(500);

    assertFalse(
        target.requestTargets().contains("/ok?cancelled-before-sending"),
        "the target got " + target.requestTargets());
    assertEquals(0, exchange.completions.get(), "nothing to report of a request never sent");
    assertFalse(exchange.sent);
  }

  @Test
  void aConnectionClosedOrABadResponseGivesOneDetailWhateverTheConnection() throws Exception {
    // Jetty's messages dump the connection (local port, idle time, bytes read), so each closed
    // connection was a failure message of its own.
    String closedAtOnce = "";
    String closedInTheBody = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc";
    String notHttp = "garbage\r\n\r\n";
    List<String> details = new ArrayList<>();
    for (String reply : List.of(closedAtOnce, closedAtOnce, closedInTheBody, notHttp, notHttp)) {
      details.add(replyOnceAndClose(reply).detail());
    }

    String closed = "EOFException: " + HttpFlight.CONNECTION_CLOSED;
    assertEquals(
        List.of(
            closed,
            closed,
            closed,
            "HttpResponseException: HTTP protocol violation: bad response",
            "HttpResponseException: HTTP protocol violation: bad response"),
        details);
  }

  /** A request to a server that reads it, writes {@code reply} and closes the connection. */
  private static StepResult replyOnceAndClose(String reply) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread replier =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Socket socket = server.accept()) {
                      socket.getInputStream().read(new byte[4096]);
                      socket.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException ignored) {
                      // the client's failure is what the test reads
                    }
                  });
      StepResult result =
          run(Map.of("url", "http://127.0.0.1:" + server.getLocalPort() + "/p?q=1"));
      replier.join();
      assertEquals(Outcome.OTHER_ERROR, result.outcome(), result.detail());
      return result;
    }
  }

  /** Accepts one connection, reads its request head, then waits for the client to close it. */
  private static void holdOneRequest(
      ServerSocket server, CompletableFuture<Void> requestRead, CompletableFuture<Long> closed) {
    try (Socket socket = server.accept()) {
      socket.setSoTimeout(20_000);
      var in = socket.getInputStream();
      int matched = 0;
      byte[] endOfHead = "\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      while (matched < endOfHead.length) {
        int read = in.read();
        if (read < 0) {
          throw new IOException("closed before the request head ended");
        }
        matched = read == endOfHead[matched] ? matched + 1 : (read == '\r' ? 1 : 0);
      }
      requestRead.complete(null);
      while (in.read() >= 0) {
        // nothing more is sent for a GET; wait for the end of the stream
      }
      closed.complete(System.nanoTime());
    } catch (SocketTimeoutException e) {
      closed.completeExceptionally(e); // the client never closed it
    } catch (IOException e) {
      if (requestRead.isDone()) {
        closed.complete(System.nanoTime()); // a reset: the client went away too
      } else {
        requestRead.completeExceptionally(e);
      }
    }
  }

  private static StepResult run(Map<String, Object> request) throws Exception {
    return run(request, Duration.ofSeconds(5));
  }

  private static StepResult run(Map<String, Object> request, Duration timeout) throws Exception {
    PreparedStep step = protocol.prepare(PluginConfig.of(STEP, request, Path.of(".")));
    return execute(step, Map.of(), timeout);
  }

  private static StepResult execute(
      PreparedStep step, Map<String, String> variables, Duration timeout) throws Exception {
    RecordingExchange exchange = new RecordingExchange(timeout);
    protocol.execute(step, variables, exchange);
    StepResult result = exchange.result.get(10, TimeUnit.SECONDS);
    assertEquals(1, exchange.completions.get(), "complete is called exactly once");
    if (result.statusCode() > 0) {
      assertTrue(exchange.sentBeforeCompletion, "sent() comes before complete()");
    }
    return result;
  }

  /** The engine's side of an exchange, as a test sees it: what was reported, and in what order. */
  private static final class RecordingExchange implements Exchange {
    private final Duration timeout;
    private final CompletableFuture<StepResult> result = new CompletableFuture<>();
    private final AtomicInteger completions = new AtomicInteger();
    private volatile boolean sent;
    private volatile boolean sentBeforeCompletion;
    private volatile long completedNanos;
    private volatile Runnable cancel;

    /** When set, a cancel the protocol registers runs at once, as when the engine gave up first. */
    private volatile boolean givenUp;

    RecordingExchange(Duration timeout) {
      this.timeout = timeout;
    }

    @Override
    public Duration timeout() {
      return timeout;
    }

    @Override
    public void sent() {
      sent = true;
    }

    @Override
    public void complete(StepResult stepResult) {
      completedNanos = System.nanoTime();
      completions.incrementAndGet();
      sentBeforeCompletion = sent;
      result.complete(stepResult);
    }

    @Override
    public void onCancel(Runnable protocolCancel) {
      cancel = protocolCancel;
      if (givenUp) {
        protocolCancel.run();
      }
    }
  }
}
