package io.loadline.run;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A system under test for run tests: Jetty on 127.0.0.1 and an ephemeral port. {@code /slow/N}
 * answers after N ms without holding a server thread; any other path answers at once. Counts the
 * requests it has answered.
 */
final class Target implements AutoCloseable {

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);
  private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong answered = new AtomicLong();

  Target() throws Exception {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            String path = request.getHttpURI().getPath();
            if (path.startsWith("/slow/")) {
              long delayMillis = Long.parseLong(path.substring("/slow/".length()));
              delays.schedule(() -> answer(response, callback), delayMillis, TimeUnit.MILLISECONDS);
            } else {
              answer(response, callback);
            }
            return true;
          }
        });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + connector.getLocalPort() + path;
  }

  long answered() {
    return answered.get();
  }

  private void answer(Response response, Callback callback) {
    answered.incrementAndGet();
    response.setStatus(200);
    Content.Sink.write(response, true, "ok", callback);
  }

  @Override
  public void close() throws Exception {
    delays.shutdownNow();
    server.stop();
  }
}
