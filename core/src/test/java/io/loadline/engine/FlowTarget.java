package io.loadline.engine;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A small site for flow tests, on 127.0.0.1 and an ephemeral port. {@code POST /login} starts a
 * login: a 302 to {@code /welcome} that sets the cookie {@code sid}; {@code /welcome} answers the
 * login's token in JSON, found by that cookie. {@code /me} answers 200 only when the bearer token
 * and the cookie belong to the same login (after 100 ms, so users overlap), else 403. {@code /json}
 * answers a fixed JSON document with an {@code ETag}. It remembers every request target and the
 * {@code Cookie} header of each.
 */
final class FlowTarget implements AutoCloseable {

  static final String JSON =
      "{\"name\": \"Ann\", \"empty\": \"\", \"nothing\": null, \"id\": 42,"
          + " \"items\": [{\"sku\": \"a-1\"}, {\"sku\": \"b-2\"}]}";

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);
  private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger logins = new AtomicInteger();
  private final Map<String, String> tokenBySession = new ConcurrentHashMap<>();
  private final Queue<String> requestTargets = new ConcurrentLinkedQueue<>();
  private final Queue<String> cookieHeaders = new ConcurrentLinkedQueue<>();
  private final AtomicInteger matchedUses = new AtomicInteger();
  private final AtomicInteger mismatchedUses = new AtomicInteger();
  private final Map<String, Long> nanosBySession = new ConcurrentHashMap<>();
  private final Map<String, Long> nanosOfSeen = new ConcurrentHashMap<>();

  FlowTarget() throws Exception {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            return answer(request, response, callback);
          }
        });
    server.start();
  }

  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + connector.getLocalPort() + pathAndQuery;
  }

  Queue<String> requestTargets() {
    return requestTargets;
  }

  Queue<String> cookieHeaders() {
    return cookieHeaders;
  }

  /** When each login was answered, by session id. */
  Map<String, Long> loginNanosBySession() {
    return nanosBySession;
  }

  /** When each {@code /seen?sid=...} arrived, by session id. */
  Map<String, Long> seenNanosBySession() {
    return nanosOfSeen;
  }

  int logins() {
    return logins.get();
  }

  int matchedUses() {
    return matchedUses.get();
  }

  int mismatchedUses() {
    return mismatchedUses.get();
  }

  private boolean answer(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    String query = request.getHttpURI().getQuery();
    requestTargets.add(query == null ? path : path + "?" + query);
    String cookie = request.getHeaders().get(HttpHeader.COOKIE);
    cookieHeaders.add(cookie == null ? "" : cookie);
    switch (path) {
      case "/login" -> login(response, callback);
      case "/after-think" -> {
        nanosOfSeen.put(query == null ? "" : query.replace("sid=", ""), System.nanoTime());
        respond(response, 200, "text/plain", "ok", callback);
      }
      case "/welcome" -> welcome(cookie, response, callback);
      case "/me" -> {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        delays.schedule(
            () -> me(authorization, cookie, response, callback), 100, TimeUnit.MILLISECONDS);
      }
      case "/json" -> {
        response.getHeaders().put("ETag", "\"v1\"");
        respond(response, 200, "application/json", JSON, callback);
      }
      case "/redirect" -> {
        response.getHeaders().put(HttpHeader.LOCATION, "/json");
        respond(response, 302, "text/plain", "moved", callback);
      }
      default -> respond(response, 200, "text/plain", "ok", callback);
    }
    return true;
  }

  private void login(Response response, Callback callback) {
    int login = logins.incrementAndGet();
    tokenBySession.put("s" + login, "t" + login);
    nanosBySession.put("s" + login, System.nanoTime());
    response.getHeaders().add(HttpHeader.SET_COOKIE, "sid=s" + login + "; Path=/; HttpOnly");
    response.getHeaders().put(HttpHeader.LOCATION, "/welcome");
    respond(response, 302, "text/plain", "see /welcome", callback);
  }

  private void welcome(String cookie, Response response, Callback callback) {
    String token = tokenBySession.get(sessionOf(cookie));
    if (token == null) {
      respond(response, 401, "text/plain", "no session", callback);
    } else {
      respond(response, 200, "application/json", "{\"token\": \"" + token + "\"}", callback);
    }
  }

  private void me(String authorization, String cookie, Response response, Callback callback) {
    String token = tokenBySession.get(sessionOf(cookie));
    if (token != null && ("Bearer " + token).equals(authorization)) {
      matchedUses.incrementAndGet();
      respond(response, 200, "application/json", "{\"ok\": true}", callback);
    } else {
      mismatchedUses.incrementAndGet();
      respond(response, 403, "text/plain", "token and cookie disagree", callback);
    }
  }

  private static String sessionOf(String cookieHeader) {
    if (cookieHeader == null) {
      return "";
    }
    for (String pair : cookieHeader.split(";")) {
      String trimmed = pair.strip();
      if (trimmed.startsWith("sid=")) {
        return trimmed.substring(4);
      }
    }
    return "";
  }

  private static void respond(
      Response response, int status, String contentType, String body, Callback callback) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType + "; charset=utf-8");
    Content.Sink.write(response, true, body, callback);
  }

  @Override
  public void close() throws Exception {
    delays.shutdownNow();
    server.stop();
  }
}
