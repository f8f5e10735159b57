package io.loadline.web.ops;

import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import io.loadline.pluginhost.PluginRegistry;
import io.loadline.run.RunService;
import io.loadline.store.Database;
import io.loadline.web.auth.Access;
import io.loadline.web.http.RouteTable;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteException;

/**
 * The routes a deployment's monitoring calls, all declared {@link Access#PUBLIC} in the route table
 * because no user signs in to them:
 *
 * <ul>
 *   <li>{@code GET /health}: liveness; 200 while the process serves HTTP.
 *   <li>{@code GET /ready}: readiness; 200 when the database answers, plugins of every kind are
 *       loaded and the server is not shutting down, else 503 with the failed checks.
 *   <li>{@code GET /metrics}: Prometheus text format (runs and JVM). It is guarded by its own
 *       scrape token ({@code Authorization: Bearer <LOADLINE_METRICS_TOKEN>}, 401 otherwise) and is
 *       off (404) while no token is configured.
 * </ul>
 *
 * Thread-safe; owns its Prometheus registry (never the global default one).
 */
public final class OperationsRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(OperationsRoutes.class);
  private static final String BEARER = "Bearer ";

  private final Database database;
  private final PluginRegistry plugins;
  private final RunService runs;
  private final OperationsSettings settings;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  public OperationsRoutes(
      Database database,
      PluginRegistry plugins,
      RunService runs,
      RunMetrics runMetrics,
      OperationsSettings settings) {
    this.database = database;
    this.plugins = plugins;
    this.runs = runs;
    this.settings = settings;
    registry.register(runMetrics);
    JvmMetrics.builder().register(registry);
  }

  public void addRoutes(RouteTable.Builder table) {
    table
        .get("/health", Access.PUBLIC, this::health)
        .get("/ready", Access.PUBLIC, this::ready)
        .get("/metrics", Access.PUBLIC, this::metrics);
  }

  private void health(Context context) {
    context.json(Map.of("status", "up"));
  }

  private void ready(Context context) {
    Map<String, String> checks = new LinkedHashMap<>();
    checks.put("database", databaseCheck());
    checks.put("plugins", pluginsCheck());
    checks.put("runs", runs.isClosed() ? "shutting down" : "ok");
    boolean ready = checks.values().stream().allMatch("ok"::equals);
    context
        .status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .json(Map.of("status", ready ? "ready" : "not ready", "checks", checks));
  }

  private String databaseCheck() {
    try {
      Integer one =
          database.withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one());
      return one == 1 ? "ok" : "unexpected answer";
    } catch (RuntimeException failure) {
      LOG.debug("Readiness: the database did not answer", failure);
      return "unreachable: " + reason(failure);
    }
  }

  /**
   * What made the database fail, without its file path (this route needs no sign-in): SQLite's
   * result code when the driver gave one, such as {@code SQLITE_CANTOPEN}, else the exception type.
   */
  private static String reason(RuntimeException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLiteException sqlite) {
        return failure.getClass().getSimpleName() + " (" + sqlite.getResultCode().name() + ")";
      }
    }
    return failure.getClass().getSimpleName();
  }

  private String pluginsCheck() {
    for (io.loadline.spi.PluginKind kind : io.loadline.spi.PluginKind.values()) {
      if (plugins.ids(kind).isEmpty()) {
        return "no " + kind.label() + " plugin loaded";
      }
    }
    return "ok";
  }

  private void metrics(Context context) throws IOException {
    if (!settings.metricsEnabled()) {
      // Answered here in plain text: a scraper or curl reads it, and the server's HTML 404 page
      // would hide why the page is missing.
      context
          .status(HttpStatus.NOT_FOUND)
          .contentType(ContentType.TEXT_PLAIN)
          .result(
              "Metrics are off. Set "
                  + OperationsSettings.ENV_METRICS_TOKEN
                  + " to a scrape token of 16 or more characters and restart the server to turn"
                  + " them on; scrapes then send 'Authorization: Bearer <token>'.\n");
      return;
    }
    if (!tokenMatches(context.header("Authorization"))) {
      context.header("WWW-Authenticate", "Bearer realm=\"loadline-metrics\"");
      throw new UnauthorizedResponse(
          "Send 'Authorization: Bearer <scrape token>' with the token set in "
              + OperationsSettings.ENV_METRICS_TOKEN
              + ".");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writer.write(body, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
    context.contentType(writer.getContentType()).result(body.toByteArray());
  }

  private boolean tokenMatches(String authorization) {
    if (authorization == null || !authorization.startsWith(BEARER)) {
      return false;
    }
    byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(UTF8);
    return MessageDigest.isEqual(presented, settings.metricsScrapeToken().getBytes(UTF8));
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
