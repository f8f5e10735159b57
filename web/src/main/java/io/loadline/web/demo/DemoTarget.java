package io.loadline.web.demo;

import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small HTTP service to aim load tests at, bound to 127.0.0.1 only: {@code GET /fast} answers at
 * once, {@code GET /delay/{millis}} (or {@code /delay?ms=}) answers after a delay without holding a
 * thread, {@code GET /status/{code}} answers that status, and {@code GET /stats} tells how many
 * requests it served (not counting {@code /stats} itself). Thread-safe; the owner closes it.
 */
public final class DemoTarget implements AutoCloseable {

  public static final int DEFAULT_PORT = 8081;
  public static final String HOST = "127.0.0.1";

  /** The longest delay served, so a typo cannot hold connections for hours. */
  public static final long MAX_DELAY_MILLIS = 60_000;

  private final LongAdder requestsServed = new LongAdder();
  private final ScheduledExecutorService delays =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> Thread.ofPlatform().daemon().name("demo-target-delays").unstarted(runnable));
  private final Javalin app;

  private DemoTarget(int port) {
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.jetty.host = HOST;
              config.jetty.port = port;
              config.routes.before(this::count);
              config.routes.get("/fast", ctx -> ctx.result("ok"));
              config.routes.get("/delay/{millis}", ctx -> delay(ctx, ctx.pathParam("millis")));
              config.routes.get("/delay", ctx -> delay(ctx, ctx.queryParam("ms")));
              config.routes.get("/status/{code}", this::status);
              config.routes.get("/stats", this::stats);
            });
  }

  /** Starts the target on 127.0.0.1; port 0 picks a free port. */
  public static DemoTarget start(int port) {
    DemoTarget target = new DemoTarget(port);
    target.app.start();
    return target;
  }

  public int port() {
    return app.port();
  }

  /** The base URL, such as {@code http://127.0.0.1:8081}. */
  public String baseUrl() {
    return "http://" + HOST + ":" + port();
  }

  /** Requests served so far, {@code /stats} excluded. */
  public long requestsServed() {
    return requestsServed.sum();
  }

  @Override
  public void close() {
    app.stop();
    delays.shutdownNow();
  }

  private void count(Context context) {
    if (!context.path().equals("/stats")) {
      requestsServed.increment();
    }
  }

  private void delay(Context context, String millisText) {
    long millis = parse(millisText, "delay in milliseconds", 0, MAX_DELAY_MILLIS);
    CompletableFuture<String> answer = new CompletableFuture<>();
    delays.schedule(
        () -> answer.complete("ok after " + millis + " ms"), millis, TimeUnit.MILLISECONDS);
    context.future(() -> answer.thenAccept(context::result));
  }

  private void status(Context context) {
    int code = (int) parse(context.pathParam("code"), "status code", 200, 599);
    context.status(code).result("status " + code);
  }

  private void stats(Context context) {
    context.json(Map.of("requestsServed", requestsServed()));
  }

  private static long parse(String text, String what, long min, long max) {
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw new BadRequestResponse(
        "The " + what + " must be a whole number from " + min + " to " + max + ", was " + text);
  }
}
