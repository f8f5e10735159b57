package io.loadline.testsupport;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A Jetty server on 127.0.0.1 and an ephemeral port for the tests: {@code /status/N} answers with
 * status N, {@code /slow/N} answers 200 after N ms without holding a thread, anything else 200 with
 * a short body. It remembers every request's path and query. Thread-safe; used by the tests of
 * several modules.
 */
public final class TestTarget implements AutoCloseable {

  public static final String BODY = "hello from the target";

  private final Server server = new Server();
  private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
  private final Queue<String> requestTargets = new ConcurrentLinkedQueue<>();
  private final ServerConnector connector = new ServerConnector(server);

  /** Starts the target on 127.0.0.1 at a port the system picks. */
  public TestTarget() throws Exception {
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

  /** The absolute URL of {@code pathAndQuery} on this target. */
  public String url(String pathAndQuery) {
    return "http://127.0.0.1:" + connector.getLocalPort() + pathAndQuery;
  }

  /** Every request's path and query so far, in arrival order. */
  public Queue<String> requestTargets() {
    return requestTargets;
  }

  private boolean answer(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    String query = request.getHttpURI().getQuery();
    requestTargets.add(query == null ? path : path + "?" + query);
    if (path.startsWith("/status/")) {
      respond(response, Integer.parseInt(path.substring(8)), callback);
    } else if (path.startsWith("/slow/")) {
      long delayMillis = Long.parseLong(path.substring(6));
      delays.schedule(() -> respond(response, 200, callback), delayMillis, TimeUnit.MILLISECONDS);
    } else {
      respond(response, 200, callback);
    }
    return true;
  }

  private static void respond(Response response, int status, Callback callback) {
    response.setStatus(status);
    Content.Sink.write(response, true, BODY, callback);
  }

  @Override
  public void close() throws Exception {
    delays.shutdownNow();
    server.stop();
  }
}
