package io.loadline.plugins.http;

import io.loadline.spi.Exchange;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.Outcome;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PreparedStep;
import io.loadline.spi.Protocol;
import io.loadline.spi.Session;
import io.loadline.spi.StepResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.eclipse.jetty.client.AbstractHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The {@code http} protocol of one run: one tuned Jetty {@link HttpClient} (HTTP/1.1 with
 * keep-alive, or HTTP/2 when the plan sets {@code version: 2}; no shared cookie store, redirects
 * handled per step) shared by every virtual user.
 *
 * <p>Thread-safe: {@link #prepare} runs on the validating thread before {@link #start}; {@link
 * #execute} runs from many threads. The engine owns the instance and closes it once; closing fails
 * the requests still in flight, which the engine has stopped listening to by then.
 *
 * <p>Cookies live in a {@link CookieJar} per iteration (the engine's {@link Session}); Jetty's own
 * store is off, and redirects are followed here, per step, so cookies set on them are kept.
 *
 * <p>Threads: the client runs one selector per core (up to eight), and each selector parses its
 * connections' responses and reports them to the engine on its own thread, as an event loop does
 * ({@code NON_BLOCKING} invocation). That is sound because nothing on that path blocks: the
 * engine's completion work records figures, applies checks and starts the user's next request,
 * which is itself asynchronous; waits (think times) go to timers. Handing each response to a pool
 * thread instead cost a thread wake-up per request and measured at less than half the throughput
 * (7,800 against 24,000 to 30,000 requests/s for 64 users on 2 cores, nginx on the same machine).
 *
 * <p>Templates: see {@link TemplateCompiler}; values are percent-encoded in a URL's path and query,
 * JSON-escaped in a body whose Content-Type names JSON, written as they are elsewhere.
 *
 * <p>HTTP/2 is the run's choice, made once: the client's transport speaks it alone, h2c with prior
 * knowledge to http:// and h2 by ALPN to https://, so a request is never quietly sent in HTTP/1.1.
 * Requests share connections up to the server's limit of concurrent streams; the rest of the path
 * (flights, cookies, redirects, timeouts, cancels) is the same for both versions.
 *
 * <p>TLS: a server's certificate is checked against the JDK's default authorities, or instead
 * against the plan's {@code trustStore}, or not at all with {@code insecureSkipTLSVerify}; see
 * {@link #tlsContext}.
 *
 * <p>Known limits: no HTTP/3; no fallback between versions; no client certificates (mutual TLS).
 */
public final class HttpProtocol implements Protocol {

  private static final Logger LOG = LoggerFactory.getLogger(HttpProtocol.class);
  private static final Set<String> METHODS =
      Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
  private static final Set<String> STEP_KEYS =
      Set.of("method", "url", "headers", "body", "timeout", "followRedirects");
  private static final int MIN_CLIENT_THREADS = 4;
  private static final int MAX_CLIENT_THREADS = 64;
  private static final int MAX_SELECTORS = 8;

  private final HttpClientSettings settings;
  private final TemplateCompiler templates = new TemplateCompiler();
  private final AtomicBoolean warnedNotHttp2 = new AtomicBoolean();
  private final Consumer<String> notHttp2Warning = this::warnNotHttp2Once;
  private volatile HttpClient client;

  /** A protocol with the given run-level settings; nothing is opened before {@link #start()}. */
  public HttpProtocol(HttpClientSettings settings) {
    this.settings = settings;
  }

  /** The run-level settings. */
  public HttpClientSettings settings() {
    return settings;
  }

  @Override
  public PreparedStep prepare(PluginConfig stepConfig) throws InvalidConfigException {
    templates.startStep();
    String method = readMethod(stepConfig);
    TextTemplate url = readUrl(stepConfig);
    List<HttpStep.Header> headers = readHeaders(stepConfig);
    Encoding bodyEncoding = isJson(headers) ? Encoding.JSON : Encoding.RAW;
    TextTemplate body =
        readTemplate(stepConfig, "body", stepConfig.optionalString("body", null), bodyEncoding);
    Duration timeout = readTimeout(stepConfig);
    boolean followRedirects =
        stepConfig.optionalBoolean("followRedirects", settings.followRedirects());
    stepConfig.rejectUnknownKeys(STEP_KEYS);
    if (!stepConfig.problems().isEmpty()) {
      throw new InvalidConfigException(stepConfig.problems(), templates.namesOfStep());
    }

    byte[] literalBody =
        body instanceof TextTemplate.Literal literal
            ? literal.text().getBytes(StandardCharsets.UTF_8)
            : null;
    return new HttpStep(
        method,
        url,
        List.copyOf(headers),
        body,
        literalBody,
        timeout,
        followRedirects,
        templates.namesOfStep(),
        url instanceof TextTemplate.Literal literal ? URI.create(literal.text()) : null);
  }

  @Override
  public void start() throws Exception {
    // Started on a run thread: its MDC (the run id) goes onto the client's threads, so that every
    // line logged there, ours and the engine's completion callbacks, names the run.
    Map<String, String> runContext = MDC.getCopyOfContextMap();
    QueuedThreadPool executor =
        RunContextThreads.threadPool(runContext, MAX_CLIENT_THREADS, MIN_CLIENT_THREADS);
    executor.setName("loadline-http");
    executor.setDaemon(true);

    ClientConnector connector = new ClientConnector();
    connector.setSelectors(selectorCount());
    connector.setExecutor(executor);
    connector.setConnectTimeout(settings.connectTimeout());
    connector.setIdleTimeout(settings.idleTimeout());
    connector.setSslContextFactory(tlsContext(settings));
    if (settings.insecureSkipTLSVerify()) {
      LOG.warn(
          "insecureSkipTLSVerify is true: TLS certificates are not verified, any server"
              + " certificate is accepted for any host name");
    }

    AbstractHttpClientTransport transport =
        switch (settings.version()) {
          case HTTP_1_1 -> new HttpClientTransportOverHTTP(connector);
          // Prior knowledge (h2c) for http://, ALPN offering h2 alone for https://: every
          // request is HTTP/2 or fails, never quietly HTTP/1.1.
          case HTTP_2 -> new HttpClientTransportOverHTTP2(new HTTP2Client(connector));
        };
    // Responses are parsed, and handed to the engine, on the selector threads themselves: no
    // hand-off to a pool thread per response. See the class comment for why this is safe.
    transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
    HttpClient httpClient = new HttpClient(transport);
    httpClient.setExecutor(executor);
    httpClient.setScheduler(RunContextThreads.scheduler(runContext));
    httpClient.setHttpCookieStore(new HttpCookieStore.Empty());
    httpClient.setMaxConnectionsPerDestination(settings.maxConnectionsPerDestination());
    httpClient.setMaxRequestsQueuedPerDestination(settings.maxRequestsQueuedPerDestination());
    httpClient.setConnectTimeout(settings.connectTimeout().toMillis());
    httpClient.setIdleTimeout(settings.idleTimeout().toMillis());
    // Redirects are followed by HttpFlight, per step, so that cookies set on them are kept.
    httpClient.setFollowRedirects(false);
    httpClient.start();
    client = httpClient;
    LOG.debug("HTTP client started: {}", settings);
  }

  /**
   * How servers' certificates are checked: against the JDK's default authorities, those of the
   * plan's trust store, or, with {@code insecureSkipTLSVerify}, not at all. The same factory serves
   * HTTP/1.1 and HTTP/2 (whose ALPN Jetty adds on top of it).
   */
  static SslContextFactory.Client tlsContext(HttpClientSettings settings) throws Exception {
    if (settings.insecureSkipTLSVerify()) {
      SslContextFactory.Client trustAll =
          new SslContextFactory.Client(true) {
            // Jetty warns of each of these two settings in its own words; start() warns once.
            @Override
            protected void checkTrustAll() {}

            @Override
            protected void checkEndPointIdentificationAlgorithm() {}
          };
      trustAll.setEndpointIdentificationAlgorithm(null);
      return trustAll;
    }
    SslContextFactory.Client verifying = new SslContextFactory.Client();
    if (settings.trustStore() != null) {
      // Read again at start: the plan's validation checked the file, but it is read for the run.
      verifying.setTrustStore(
          HttpClientSettings.loadTrustStore(settings.trustStore(), settings.trustStorePassword()));
    }
    return verifying;
  }

  /** Warms the client up against a loopback server of its own; see {@link HttpWarmUp}. */
  @Override
  public void warmUp(Duration maxDuration, BooleanSupplier stopRequested) throws Exception {
    HttpWarmUp.Report report = warmUpReport(maxDuration, stopRequested);
    if (report == null) {
      return;
    }
    LOG.info(
        "HTTP client warmed up against its own server on 127.0.0.1: {} requests in {} ms, {}",
        report.completed(),
        report.took().toMillis(),
        report.settled()
            ? "when the JIT compilers went idle"
            : "ended by the time limit, a stop or a failure (" + report.failed() + " failed)");
  }

  /** Runs the warm-up and says what it did; null when the client is not started. */
  HttpWarmUp.Report warmUpReport(Duration maxDuration, BooleanSupplier stopRequested)
      throws Exception {
    HttpClient httpClient = client;
    return httpClient == null
        ? null
        : new HttpWarmUp(httpClient, settings.version()).run(maxDuration, stopRequested);
  }

  /** One selector (an event loop over its share of the connections) per core, up to eight. */
  static int selectorCount() {
    return Math.clamp(Runtime.getRuntime().availableProcessors(), 1, MAX_SELECTORS);
  }

  @Override
  public void execute(PreparedStep step, Map<String, String> variables, Exchange exchange) {
    // Without an engine session: a jar for this one request, so no cookie outlives it.
    execute(step, new OneRequestSession(variables), exchange);
  }

  @Override
  public void execute(PreparedStep step, Session session, Exchange exchange) {
    HttpStep httpStep = (HttpStep) step;
    HttpClient httpClient = client;
    if (httpClient == null) {
      exchange.complete(StepResult.failure(Outcome.OTHER_ERROR, "the HTTP client is not started"));
      return;
    }
    HttpFlight.Hop first;
    try {
      first = firstHop(httpStep, session.variables(), session.random());
    } catch (RuntimeException e) {
      // An undefined variable, a URL that is not one after filling in: a failed request.
      exchange.complete(
          StepResult.failure(Outcome.OTHER_ERROR, "could not build the request: " + reason(e)));
      return;
    }
    CookieJar cookies = session.state(CookieJar.SESSION_KEY, CookieJar::new);
    Duration timeout = httpStep.timeout() != null ? httpStep.timeout() : exchange.timeout();
    new HttpFlight(
            httpClient,
            exchange,
            cookies,
            httpStep.followRedirects(),
            timeout.toNanos(),
            notHttp2Warning)
        .start(first);
  }

  @Override
  public void close() throws Exception {
    HttpClient httpClient = client;
    client = null;
    if (httpClient != null) {
      httpClient.stop();
    }
  }

  /**
   * Says once per run, in the run's log, that a server does not speak HTTP/2 and what to change;
   * the summary's failure messages then count such requests per step.
   */
  private void warnNotHttp2Once(String detail) {
    if (warnedNotHttp2.compareAndSet(false, true)) {
      LOG.warn(
          "version 2 (HTTP/2) is set but a target does not answer in HTTP/2; each such request"
              + " fails as other_error. Remove version: 2 for an HTTP/1.1-only server. First"
              + " failure: {}",
          detail);
    }
  }

  /** The undefined variable's message when that is the cause, else the exception's. */
  private static String reason(RuntimeException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof TemplateExpression.UndefinedVariableException undefined) {
        return undefined.getMessage();
      }
    }
    return failure.getMessage();
  }

  private static HttpFlight.Hop firstHop(
      HttpStep step, Map<String, String> variables, RandomGenerator random) {
    URI uri =
        step.literalUri() != null
            ? step.literalUri()
            : URI.create(step.url().render(variables, random));
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("the URL names no host: " + uri);
    }
    List<HttpField> headers = new ArrayList<>(step.headers().size());
    for (HttpStep.Header header : step.headers()) {
      headers.add(new HttpField(header.name(), header.value().render(variables, random)));
    }
    byte[] body = step.literalBody();
    if (body == null && step.body() != null) {
      body = step.body().render(variables, random).getBytes(StandardCharsets.UTF_8);
    }
    return new HttpFlight.Hop(step.method(), uri, List.copyOf(headers), body);
  }

  private static String readMethod(PluginConfig config) {
    String method = config.optionalString("method", "GET").trim().toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      config.problem(
          "method",
          "must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, was '"
              + config.values().get("method")
              + "'");
    }
    return method;
  }

  private TextTemplate readUrl(PluginConfig config) {
    String text = config.requireString("url").trim();
    if (text.isEmpty()) {
      if (config.has("url")) {
        config.problem("url", "must not be empty; give an absolute http or https URL");
      }
      return new TextTemplate.Literal("");
    }
    TextTemplate url;
    try {
      url = templates.compileUrl(text, config.pathOf("url"));
    } catch (IllegalArgumentException e) {
      config.problem("url", "has a malformed placeholder: " + e.getMessage());
      return new TextTemplate.Literal(text);
    }
    String problem = url.isTemplated() ? checkUrlPrefix(text) : checkUrl(text);
    if (problem != null) {
      config.problem("url", problem);
    }
    return url;
  }

  /** Checks a URL without placeholders completely. */
  private static String checkUrl(String text) {
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      return "must be an absolute http or https URL, was '" + text + "' (" + e.getMessage() + ")";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "must be an absolute http or https URL such as http://host:8080/path, was '"
          + text
          + "'";
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return "must name a host, such as http://host:8080/path, was '" + text + "'";
    }
    // The URI parser takes any digits as a port; the request would fail only at run time.
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      return "must name a port from 1 to 65535, was " + uri.getPort() + " in '" + text + "'";
    }
    return null;
  }

  /** Checks what can be checked of a templated URL: the scheme, when no placeholder hides it. */
  private static String checkUrlPrefix(String text) {
    String prefix = text.substring(0, text.indexOf("{{")).toLowerCase(Locale.ROOT);
    boolean fits =
        prefix.startsWith("http://")
            || prefix.startsWith("https://")
            || "http://".startsWith(prefix)
            || "https://".startsWith(prefix);
    return fits
        ? null
        : "must be an absolute http or https URL such as http://host/items/{{id}}, was '"
            + text
            + "'";
  }

  private List<HttpStep.Header> readHeaders(PluginConfig config) {
    List<HttpStep.Header> headers = new ArrayList<>();
    for (Map.Entry<String, String> entry : config.optionalStringMap("headers").entrySet()) {
      String name = entry.getKey();
      if (name.isBlank()) {
        config.problem("headers", "header names must not be blank");
        continue;
      }
      if (name.contains("{{")) {
        config.problem(
            "headers." + name,
            "is a header name with a placeholder, which would be sent as written; header names"
                + " are fixed text, only header values are templates");
        continue;
      }
      TextTemplate value = readTemplate(config, "headers." + name, entry.getValue(), Encoding.RAW);
      headers.add(new HttpStep.Header(name, value));
    }
    return headers;
  }

  private Duration readTimeout(PluginConfig config) {
    return config.optionalPositiveDuration("timeout", null);
  }

  /** Whether a Content-Type header names JSON, so the body's values are JSON-escaped. */
  private static boolean isJson(List<HttpStep.Header> headers) {
    return headers.stream()
        .anyMatch(
            header ->
                header.name().equalsIgnoreCase("Content-Type")
                    && header.value().text().toLowerCase(Locale.ROOT).contains("json"));
  }

  private TextTemplate readTemplate(
      PluginConfig config, String key, String text, Encoding encoding) {
    if (text == null) {
      return null;
    }
    try {
      return templates.compile(text, config.pathOf(key), encoding);
    } catch (IllegalArgumentException e) {
      config.problem(key, "has a malformed placeholder: " + e.getMessage());
      return new TextTemplate.Literal(text);
    }
  }

  /** A session for a request made without the engine's: variables only, state for one request. */
  private record OneRequestSession(Map<String, String> variables, Map<Object, Object> states)
      implements Session {

    OneRequestSession(Map<String, String> variables) {
      this(variables, new HashMap<>());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T state(Object key, Supplier<T> factory) {
      return (T) states.computeIfAbsent(key, ignored -> factory.get());
    }
  }

  @Override
  public String toString() {
    return "HttpProtocol[" + settings + (client == null ? ", stopped" : ", started") + "]";
  }
}
