package io.loadline.plugins.http;

import io.loadline.spi.Exchange;
import io.loadline.spi.Outcome;
import io.loadline.spi.ResponseView;
import io.loadline.spi.StepResult;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.RetryableRequestException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;

/**
 * One step's HTTP exchange, redirects included: sends the request with the iteration's cookies,
 * stores every {@code Set-Cookie} of every response in the iteration's {@link CookieJar}, follows
 * redirects itself when the step asks (so no cookie set on a redirect is lost), counts body bytes,
 * keeps the body only when the engine wants it, and reports the outcome once.
 *
 * <p>The engine may cancel it (see {@link Exchange#onCancel}) from another thread at any time: the
 * hop in flight is aborted and no further hop is sent. On HTTP/1.1 the abort closes the hop's
 * connection; on HTTP/2 it resets the hop's stream alone (RST_STREAM), and the connection goes on
 * carrying the other users' requests.
 *
 * <p>Jetty calls it from its own threads, one callback at a time: hops run one after another. Known
 * limit: a kept body is cut at {@link #MAX_KEPT_BODY_BYTES}.
 */
final class HttpFlight implements Response.CompleteListener {

  /** The most times one hop is sent again after the server said it never processed it. */
  static final int MAX_RESENDS = 2;

  /** The most redirects one step follows before it fails, as browsers do. */
  static final int MAX_REDIRECTS = 10;

  /** The most body bytes kept for extraction and checks; the rest is counted, not kept. */
  static final int MAX_KEPT_BODY_BYTES = 8 * 1024 * 1024;

  private static final int MAX_CAUSE_DEPTH = 16;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  /** How Jetty's HTTP/2 client names a frame longer than the maximum it allows. */
  private static final String HTTP2_OVERSIZED_FRAME = "frame_size_error/invalid_frame_length";

  /** How a failure's detail starts when the server most likely does not speak HTTP/2. */
  static final String NOT_HTTP2 = "the server did not answer in HTTP/2";

  /** What an end of stream from a connection (Jetty's {@link EOFException}) means. */
  static final String CONNECTION_CLOSED = "the connection closed before the response was complete";

  /**
   * Where Jetty's dump of a connection's state starts in a message: the first of its objects, whose
   * class names it abbreviates ({@code oejcti.HttpConnectionOverHTTP@5e9f23b4}), and the {@code on}
   * that leads to it ("bad response on ...").
   */
  private static final Pattern JETTY_STATE =
      Pattern.compile("(?:\\s+on)?\\s*\\b(?:oej|org\\.eclipse\\.jetty)[\\w.]*@.*", Pattern.DOTALL);

  /** How a failure's detail starts when the client refused the server's TLS certificate. */
  static final String CERTIFICATE_NOT_TRUSTED = "the server's TLS certificate was not trusted";

  private final HttpClient client;
  private final Exchange exchange;
  private final CookieJar cookies;
  private final boolean followRedirects;
  private final long deadlineNanos;
  private final long timeoutNanos;
  private final boolean keepBody;
  private final Consumer<String> notHttp2;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private volatile long bytesReceived;
  private volatile Hop hop;
  private volatile int redirects;
  private volatile int resends;

  /** The hop's request once built, so that a cancel can abort it. */
  private volatile Request current;

  private volatile boolean cancelled;

  /** One request of the flight: where it goes and what it carries. */
  record Hop(String method, URI uri, List<HttpField> headers, byte[] body) {}

  HttpFlight(
      HttpClient client,
      Exchange exchange,
      CookieJar cookies,
      boolean followRedirects,
      long timeoutNanos,
      Consumer<String> notHttp2) {
    this.client = client;
    this.notHttp2 = notHttp2;
    this.exchange = exchange;
    this.cookies = cookies;
    this.followRedirects = followRedirects;
    this.deadlineNanos = System.nanoTime() + timeoutNanos;
    this.timeoutNanos = timeoutNanos;
    this.keepBody = exchange.responseBodyWanted();
  }

  /** Sends the first request, cancellable by the engine from now on. */
  void start(Hop first) {
    exchange.onCancel(this::cancel);
    send(first);
  }

  /**
   * The engine gave the request up: aborts the hop in flight at once rather than holding it until
   * the response or the timeout. On HTTP/1.1 that closes its connection; on HTTP/2 it resets its
   * stream, leaving the shared connection open. The abort's failure reaches {@link #onComplete},
   * whose report the engine ignores. Published against {@link #send} through two volatiles: either
   * this sees the hop's request, or the hop sees the flag.
   */
  private void cancel() {
    cancelled = true;
    Request request = current;
    if (request != null) {
      request.abort(new CancellationException("cancelled by the engine: the user retired"));
    }
  }

  private void send(Hop next) {
    hop = next;
    long remainingNanos = deadlineNanos - System.nanoTime();
    if (remainingNanos <= 0) {
      exchange.complete(StepResult.failure(Outcome.TIMEOUT, "the timeout ran out on a redirect"));
      return;
    }
    // The request's own idle timeout is its time left too: the client's idleTimeout (how long a
    // pooled connection may sit unused) would otherwise end a quiet request before its timeout.
    long remainingMillis = timeoutMillis(remainingNanos);
    Request request =
        client
            .newRequest(next.uri())
            .method(next.method())
            .followRedirects(false)
            .timeout(remainingMillis, TimeUnit.MILLISECONDS)
            .idleTimeout(remainingMillis, TimeUnit.MILLISECONDS);
    String cookieHeader = cookies.cookieHeader(next.uri());
    request.headers(
        fields -> {
          next.headers().forEach(fields::add);
          if (cookieHeader != null) {
            // A Cookie header the plan wrote keeps its pairs; the jar's follow them.
            String written = fields.get(HttpHeader.COOKIE);
            fields.put(
                HttpHeader.COOKIE, written == null ? cookieHeader : written + "; " + cookieHeader);
          }
        });
    if (next.body() != null) {
      request.body(new BytesRequestContent(next.body()));
    }
    request.onRequestBegin(begun -> exchange.sent());
    request.onResponseContent(this::onContent);
    current = request;
    if (cancelled) {
      return; // the engine gave the request up before this hop left
    }
    request.send(this);
  }

  /**
   * The time left, in whole milliseconds for Jetty, rounded up: rounded down, a request would time
   * out up to a millisecond before its timeout, and a timeout's latency must be at least the
   * timeout.
   */
  static long timeoutMillis(long remainingNanos) {
    long wholeMillis = TimeUnit.NANOSECONDS.toMillis(remainingNanos);
    boolean partMilli = TimeUnit.MILLISECONDS.toNanos(wholeMillis) < remainingNanos;
    return Math.max(1, partMilli ? wholeMillis + 1 : wholeMillis);
  }

  /** Counts a chunk of body, keeping it when wanted; Jetty releases the buffer afterwards. */
  private void onContent(Response response, ByteBuffer content) {
    int length = content.remaining();
    bytesReceived += length;
    if (keepBody && body.size() < MAX_KEPT_BODY_BYTES) {
      byte[] chunk = new byte[Math.min(length, MAX_KEPT_BODY_BYTES - body.size())];
      content.get(chunk);
      body.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onComplete(Result result) {
    Response response = result.getResponse();
    int status = response == null ? 0 : response.getStatus();
    if (response != null && status != 0) {
      cookies.store(hop.uri(), response.getHeaders().getValuesList(HttpHeader.SET_COOKIE));
    }
    if (result.isFailed()) {
      Throwable failure = result.getFailure();
      if (mayResend(failure)) {
        // The server closed the connection (GOAWAY) before it took this request up, and says so:
        // nothing was processed, so the request goes again, as a browser's or k6's would. Its
        // latency keeps counting from the intended start, and its service time from the first
        // send.
        resends++;
        send(hop);
        return;
      }
      boolean deadlinePassed = System.nanoTime() - deadlineNanos >= 0;
      String detail = describe(failure);
      if (detail.startsWith(NOT_HTTP2)) {
        notHttp2.accept(origin(hop.uri()) + ": " + detail);
      }
      Outcome outcome = classify(failure, deadlinePassed);
      if (outcome == Outcome.TIMEOUT) {
        // Jetty words a timeout several ways, some with the milliseconds it waited ("Idle
        // timeout expired: 115/100 ms"), which would make every timeout a message of its own.
        detail = timeoutDetail(timeoutNanos, bytesReceived > 0 || status != 0);
      }
      exchange.complete(new StepResult(outcome, status, bytesReceived, detail));
      return;
    }
    if (followRedirects && REDIRECTS.contains(status) && redirectTo(response)) {
      return;
    }
    exchange.complete(new StepResult(outcomeOf(status), status, bytesReceived, "", view(response)));
  }

  /** Sends the request a redirect asks for; false when there is none to follow. */
  private boolean redirectTo(Response response) {
    String location = response.getHeaders().get(HttpHeader.LOCATION);
    if (location == null || location.isBlank()) {
      return false;
    }
    if (redirects >= MAX_REDIRECTS) {
      exchange.complete(
          new StepResult(
              Outcome.OTHER_ERROR,
              response.getStatus(),
              bytesReceived,
              "more than " + MAX_REDIRECTS + " redirects"));
      return true;
    }
    URI target;
    try {
      target = hop.uri().resolve(location.strip());
    } catch (IllegalArgumentException e) {
      // The reason alone: the exception's message quotes the whole location, which may carry
      // credentials or tokens, and a detail reaches every viewer of the run.
      String reason =
          e.getCause() instanceof URISyntaxException syntax
              ? syntax.getReason() + " at index " + syntax.getIndex()
              : "not a URI";
      exchange.complete(
          new StepResult(
              Outcome.OTHER_ERROR,
              response.getStatus(),
              bytesReceived,
              "a redirect to an invalid location: " + reason));
      return true;
    }
    Optional<String> refusal = exchange.targetRefusal(target);
    if (refusal.isPresent()) {
      // Nothing is sent there: the server's allow-list only learns of this target now.
      exchange.complete(
          new StepResult(
              Outcome.OTHER_ERROR,
              response.getStatus(),
              bytesReceived,
              "the redirect to " + origin(target) + " was refused: " + refusal.get()));
      return true;
    }
    redirects++;
    body.reset();
    send(nextHop(response.getStatus(), target));
    return true;
  }

  /**
   * Where a redirect went, as a failure's detail names it: its scheme and host-and-port, without
   * the user information, path and query, which may carry credentials or tokens.
   */
  static String origin(URI target) {
    String authority = target.getRawAuthority();
    if (target.getScheme() == null || authority == null) {
      return "a location without a host";
    }
    return target.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1);
  }

  /** 307 and 308 repeat the request; 303, and 301/302 after a POST, become a GET without body. */
  private Hop nextHop(int status, URI target) {
    Hop previous = hop;
    boolean keepMethod =
        status == 307
            || status == 308
            || ((status == 301 || status == 302) && !previous.method().equals("POST"));
    if (keepMethod || previous.method().equals("HEAD")) {
      return new Hop(previous.method(), target, previous.headers(), previous.body());
    }
    List<HttpField> headers = new ArrayList<>();
    for (HttpField field : previous.headers()) {
      if (field.getHeader() != HttpHeader.CONTENT_TYPE
          && field.getHeader() != HttpHeader.CONTENT_LENGTH) {
        headers.add(field);
      }
    }
    return new Hop("GET", target, List.copyOf(headers), null);
  }

  private ResponseView view(Response response) {
    HttpFields fields = response.getHeaders();
    String text = keepBody ? body.toString(charsetOf(fields)) : "";
    return new HttpResponseView(fields, text, cookies.valuesByName());
  }

  private static Charset charsetOf(HttpFields fields) {
    String contentType = fields.get(HttpHeader.CONTENT_TYPE);
    String charset = contentType == null ? null : MimeTypes.getCharsetFromContentType(contentType);
    try {
      return charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset);
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }

  /** 1xx to 3xx succeed, 4xx are client errors, 5xx (and anything odd) server errors. */
  static Outcome outcomeOf(int status) {
    if (status >= 100 && status < 400) {
      return Outcome.SUCCESS;
    }
    return status >= 400 && status < 500 ? Outcome.CLIENT_ERROR : Outcome.SERVER_ERROR;
  }

  /**
   * The kind of a failure, found anywhere in its cause chain.
   *
   * <ul>
   *   <li>{@code TIMEOUT}: Jetty's {@link TimeoutException} (the request's total timeout, or its
   *       idle timeout, which is never shorter) once the step's deadline has passed, so that a
   *       timeout's latency is always at least the timeout, as with k6's and Gatling's request
   *       timeout. The same exception before the deadline (an idle connection closed under a
   *       request, such as a stalled TLS handshake) is {@code OTHER_ERROR}.
   *   <li>{@code CONNECT_ERROR}: a refused, unroutable or unresolvable address, and a connect that
   *       ran past the {@code connectTimeout} (Jetty's {@link SocketTimeoutException}): it is a
   *       failure to connect, and it can end well before the request's timeout.
   *   <li>{@code OTHER_ERROR}: anything else.
   * </ul>
   */
  static Outcome classify(Throwable failure, boolean deadlinePassed) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (cause instanceof TimeoutException) {
        return deadlinePassed ? Outcome.TIMEOUT : Outcome.OTHER_ERROR;
      }
      if (cause instanceof SocketTimeoutException
          || cause instanceof ConnectException
          || cause instanceof NoRouteToHostException
          || cause instanceof UnresolvedAddressException
          || cause instanceof UnknownHostException) {
        return Outcome.CONNECT_ERROR;
      }
      cause = cause.getCause();
    }
    return Outcome.OTHER_ERROR;
  }

  /**
   * Whether a failed hop may be sent again: Jetty marks a request the server never processed
   * (HTTP/2: a stream above the last one a GOAWAY accepted) as retryable; only before any of its
   * answer came, within the timeout, not after a cancel, and at most {@link #MAX_RESENDS} times.
   */
  private boolean mayResend(Throwable failure) {
    if (resends >= MAX_RESENDS
        || cancelled
        || bytesReceived > 0
        || System.nanoTime() - deadlineNanos >= 0) {
      return false;
    }
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (cause instanceof RetryableRequestException) {
        return true;
      }
      cause = cause.getCause();
    }
    return false;
  }

  /** One wording for every timeout of a request, whatever Jetty's own. */
  static String timeoutDetail(long timeoutNanos, boolean responseBegun) {
    long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
    String timeout = millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    return "no complete response within the "
        + timeout
        + " timeout"
        + (responseBegun ? " (the response had begun)" : "");
  }

  /**
   * The failure as a report's detail. An HTTP/2 client reads the first bytes of an HTTP/1.1 answer
   * ("HTT") as the length of a frame far above any allowed size; Jetty names that {@code
   * frame_size_error/invalid_frame_length}, which says nothing to a plan's author, so the detail
   * says what it most likely means. A refused certificate (the JDK's "PKIX path building failed")
   * is likewise said plainly, with the two options that make a staging server's certificate pass.
   */
  static String describe(Throwable failure) {
    String message = withoutConnectionState(failure.getMessage());
    String name = failure.getClass().getSimpleName();
    if ((message == null || message.isBlank()) && failure instanceof EOFException) {
      message = CONNECTION_CLOSED;
    }
    String described = message == null || message.isBlank() ? name : name + ": " + message;
    if (isCertificateRefused(failure)) {
      return CERTIFICATE_NOT_TRUSTED
          + " (self-signed, an unknown authority, expired or for another host name); set the"
          + " http protocol's trustStore to a trust store holding its authority, or"
          + " insecureSkipTLSVerify: true to skip the check: "
          + described;
    }
    if (message != null && message.startsWith(HTTP2_OVERSIZED_FRAME)) {
      return NOT_HTTP2
          + "; it may speak HTTP/1.1 only (version 2 sends every request in HTTP/2, h2c with"
          + " prior knowledge to http:// and h2 to https://, with no fallback): "
          + described;
    }
    return described;
  }

  /**
   * The message without the connection's state that Jetty appends to it or gives as all of it (an
   * {@link EOFException} is a dump of the connection, with its local port, idle time and bytes
   * read): that state differs for every connection, so one cause, such as a server closing its
   * connections, would fill a step's failure messages one connection at a time.
   */
  static String withoutConnectionState(String message) {
    return message == null ? null : JETTY_STATE.matcher(message).replaceFirst("");
  }

  /**
   * Whether the client ended a TLS handshake because it refused the server's certificate: the
   * handshake's failure is caused by a failed certificate check (the JDK's validator and host-name
   * checks throw {@link CertificateException}s; a path check, {@link CertPathValidatorException}).
   */
  private static boolean isCertificateRefused(Throwable failure) {
    boolean handshake = false;
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (cause instanceof SSLHandshakeException) {
        handshake = true;
      } else if (handshake
          && (cause instanceof CertificateException
              || cause instanceof CertPathValidatorException)) {
        return true;
      }
      cause = cause.getCause();
    }
    return false;
  }
}
