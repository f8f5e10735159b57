package io.loadline.testsupport;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
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
 * a short body. It remembers every request's path and query, and its HTTP version. It speaks
 * HTTP/1.1, or only cleartext HTTP/2 with prior knowledge (h2c) when made by {@link #http2()}.
 * Thread-safe; used by the tests of several modules.
 */
public final class TestTarget implements AutoCloseable {

  public static final String BODY = "hello from the target";

  private final Server server = new Server();
  private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
  private final Queue<String> requestTargets = new ConcurrentLinkedQueue<>();
  private final Queue<String> requestVersions = new ConcurrentLinkedQueue<>();
  private final AtomicInteger connectionsOpened = new AtomicInteger();
  private final ServerConnector connector;

  /** Starts an HTTP/1.1 target on 127.0.0.1 at a port the system picks. */
  public TestTarget() throws Exception {
    this(false);
  }

  /** Starts a target that speaks h2c (prior knowledge) alone, on 127.0.0.1 at a free port. */
  public static TestTarget http2() throws Exception {
    return new TestTarget(true);
  }

  private TestTarget(boolean http2) throws Exception {
    connector =
        http2
            ? new ServerConnector(server, new HTTP2CServerConnectionFactory())
            : new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.addEventListener(
        new Connection.Listener() {
          @Override
          public void onOpened(Connection connection) {
            connectionsOpened.incrementAndGet();
          }
        });
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

  /** How many connections clients have opened to the target so far. */
  public int connectionsOpened() {
    return connectionsOpened.get();
  }

  /** Every request's HTTP version as the server saw it, such as HTTP/2.0, in arrival order. */
  public Queue<String> requestVersions() {
    return requestVersions;
  }

  /** Every request's path and query so far, in arrival order. */
  public Queue<String> requestTargets() {
    return requestTargets;
  }

  private boolean answer(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    String query = request.getHttpURI().getQuery();
    requestTargets.add(query == null ? path : path + "?" + query);
    requestVersions.add(request.getConnectionMetaData().getHttpVersion().asString());
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
