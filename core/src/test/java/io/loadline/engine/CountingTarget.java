package io.loadline.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A Jetty server on 127.0.0.1 and an ephemeral port for the flow tests: counts the requests of
 * every path; {@code /status/N} answers status N, {@code /next?n=K} answers the text {@code K+1},
 * anything else 200 {@code ok}. Thread-safe.
 */
final class CountingTarget implements AutoCloseable {

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);
  private final Map<String, LongAdder> countByPath = new ConcurrentHashMap<>();

  CountingTarget() throws Exception {
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

  /** How many requests reached {@code path} (without its query). */
  long count(String path) {
    LongAdder count = countByPath.get(path);
    return count == null ? 0 : count.sum();
  }

  /** The count of every path reached since the last call (or the start), and starts again at 0. */
  Map<String, Long> takeCounts() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    countByPath.forEach((path, count) -> counts.put(path, count.sum()));
    countByPath.clear();
    return counts;
  }

  private boolean answer(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    String query = request.getHttpURI().getQuery();
    countByPath.computeIfAbsent(path, ignored -> new LongAdder()).increment();
    if (path.startsWith("/status/")) {
      respond(response, Integer.parseInt(path.substring(8)), "status", callback);
    } else if (path.equals("/next") && query != null && query.startsWith("n=")) {
      int next = Integer.parseInt(query.substring(2)) + 1;
      respond(response, 200, Integer.toString(next), callback);
    } else {
      respond(response, 200, "ok", callback);
    }
    return true;
  }

  private static void respond(Response response, int status, String body, Callback callback) {
    response.setStatus(status);
    Content.Sink.write(response, true, body, callback);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
