package io.loadline.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.loadline.engine.Engine;
import io.loadline.plan.PlanReader;
import io.loadline.pluginhost.PluginHost;
import io.loadline.pluginhost.PluginRegistry;
import io.loadline.run.RunService;
import io.loadline.store.Database;
import io.loadline.store.PlanStore;
import io.loadline.store.SettingsStore;
import io.loadline.store.UserStore;
import io.loadline.web.api.AuthApi;
import io.loadline.web.api.PlanApi;
import io.loadline.web.api.RunApi;
import io.loadline.web.api.SystemApi;
import io.loadline.web.auth.Authenticator;
import io.loadline.web.auth.InitialAdmin;
import io.loadline.web.auth.PasswordHasher;
import io.loadline.web.auth.SessionCookies;
import io.loadline.web.auth.TokenService;
import io.loadline.web.dashboard.Dashboard;
import io.loadline.web.dashboard.PlanPages;
import io.loadline.web.dashboard.RunHistoryPage;
import io.loadline.web.dashboard.Templates;
import io.loadline.web.http.EarlyErrorHandler;
import io.loadline.web.http.ErrorMapping;
import io.loadline.web.http.JsonMapping;
import io.loadline.web.http.MethodNameFilter;
import io.loadline.web.http.ResponseHeaders;
import io.loadline.web.http.RouteTable;
import io.loadline.web.live.LiveRunStream;
import io.loadline.web.ops.OperationsRoutes;
import io.loadline.web.ops.OperationsSettings;
import io.loadline.web.ops.RunMetrics;
import io.loadline.web.security.Security;
import io.loadline.web.security.SecurityConfig;
import io.loadline.web.security.TargetAllowList;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Loadline server: opens the database, loads the plugins, builds the engine and the run
 * service, and serves the REST API and the dashboard. {@link #create} wires everything without
 * listening; {@link #start} listens; {@link #close} stops the runs (each ends CANCELLED with reason
 * {@code shutdown}; new ones are refused meanwhile), then the live streams and the HTTP server,
 * then the database. The first {@code admin} is created while wiring but its generated password is
 * shown only once the server listens; a server that never listens rolls the account back.
 * Thread-safe once started.
 */
public final class LoadlineServer implements AutoCloseable {

  /** The largest request body accepted; larger ones are answered 413. */
  public static final long MAX_REQUEST_BYTES = 1024 * 1024;

  /** The settings key of the generated JWT secret. */
  public static final String JWT_SECRET_SETTING = "jwt.secret";

  private static final Logger LOG = LoggerFactory.getLogger(LoadlineServer.class);
  private static final int GENERATED_SECRET_BYTES = 48;

  private final ServerConfig config;
  private final Database database;
  private final PluginRegistry plugins;
  private final Engine engine;
  private final PlanReader planReader;
  private final PlanStore plans;
  private final UserStore users;
  private final RunService runs;
  private final PasswordHasher passwords;
  private final TokenService tokens;
  private final Security security;
  private final RouteTable routes;
  private final Javalin app;
  private final LiveRunStream liveRuns;
  private final OperationsRoutes operations;
  private final PrintStream console;

  /** The first admin, created while wiring, until it is announced (listening) or rolled back. */
  private final AtomicReference<InitialAdmin.Created> pendingAdmin;

  /** Held from create to close, so that no second process uses the same data directory. */
  private DataDirectoryLock dataDirectoryLock;

  private LoadlineServer(
      ServerConfig config,
      SecurityConfig securityConfig,
      OperationsSettings operationsSettings,
      Database database,
      PrintStream console) {
    this.config = config;
    this.database = database;
    this.plugins = PluginHost.discover(LoadlineServer.class.getClassLoader(), pluginsDirectory());
    TargetAllowList allowList = securityConfig.allowList();
    // A step's URL is checked before the run (PlanPolicy); a redirect's target only during it.
    this.engine =
        new Engine(
            plugins,
            config
                .engineSettings()
                .withTargetGuard(
                    // Short and the same for every path of a host: it becomes a failure message,
                    // read by every viewer of the run, and must not list the allow-list itself.
                    target ->
                        allowList
                            .refusal(target)
                            .map(
                                ignored ->
                                    "its host is not in " + SecurityConfig.ENV_ALLOWED_TARGETS)));
    this.planReader = new PlanReader(engine);
    this.plans = new PlanStore(database);
    this.users = new UserStore(database);
    this.passwords = new PasswordHasher();
    this.tokens = new TokenService(jwtSecret(config, database), Clock.systemUTC());
    this.console = console;
    this.runs = new RunService(database, engine);
    ObjectMapper json = JsonMapping.newObjectMapper();
    this.security =
        new Security(
            securityConfig,
            new Security.Parts(database, users, passwords, tokens, planReader, engine, json));
    Authenticator authenticator = security.authenticator();
    SessionCookies cookies = new SessionCookies();
    Templates templates = new Templates();
    Dashboard dashboard =
        new Dashboard(plans, runs, authenticator, cookies, templates, security.planPolicy());
    this.liveRuns = new LiveRunStream(runs, templates, tokens, json);
    this.operations =
        new OperationsRoutes(
            database, plugins, runs, new RunMetrics(runs, Clock.systemUTC()), operationsSettings);
    this.routes = routeTable(json, authenticator, dashboard, templates);
    this.app = javalin(json, cookies, dashboard);
    // Last, so that no later wiring failure can leave an account whose password nobody saw.
    this.pendingAdmin =
        new AtomicReference<>(
            InitialAdmin.create(users, passwords, config.adminPassword()).orElse(null));
  }

  /**
   * Opens the database and wires the server, without listening yet.
   *
   * @param console where the generated first admin password is shown, once
   */
  public static LoadlineServer create(ServerConfig config, PrintStream console) {
    return create(config, SecurityConfig.defaults(), OperationsSettings.defaults(), console);
  }

  /**
   * Opens the database and wires the server with security settings (target allow-list, run caps)
   * and {@code /metrics} settings, without listening yet.
   *
   * @param console where the generated first admin password is shown, once
   */
  public static LoadlineServer create(
      ServerConfig config,
      SecurityConfig securityConfig,
      OperationsSettings operations,
      PrintStream console) {
    createDirectory(config.dataDirectory());
    DataDirectoryLock lock = DataDirectoryLock.acquire(config.dataDirectory(), "serve");
    Database database;
    try {
      database = Database.open(config.databaseFile());
    } catch (RuntimeException notOpened) {
      lock.close();
      throw notOpened;
    }
    try {
      LoadlineServer server =
          new LoadlineServer(config, securityConfig, operations, database, console);
      server.dataDirectoryLock = lock;
      return server;
    } catch (RuntimeException startFailed) {
      database.close();
      lock.close();
      throw startFailed;
    }
  }

  /**
   * Starts listening on the configured host and port. If it cannot (such as a port in use), the
   * first admin created while wiring is rolled back, so its one-time password is not lost.
   */
  public LoadlineServer start() {
    try {
      app.start();
    } catch (RuntimeException notListening) {
      rollBackInitialAdmin();
      throw notListening;
    }
    LOG.info("Loadline is listening on {} ({} plugins)", baseUrl(), plugins.plugins().size());
    return this;
  }

  /** The port listened on: the configured one, or the one picked for port 0. */
  public int port() {
    return app.port();
  }

  /** The server's base URL, such as {@code http://127.0.0.1:8080}. */
  public String baseUrl() {
    return "http://" + reachableHost() + ":" + port();
  }

  public ServerConfig config() {
    return config;
  }

  /** The Javalin app, for tests that drive it with javalin-testtools. */
  public Javalin app() {
    return app;
  }

  /** Every route with its declared access. */
  public RouteTable routes() {
    return routes;
  }

  public Database database() {
    return database;
  }

  public PluginRegistry plugins() {
    return plugins;
  }

  public PlanReader planReader() {
    return planReader;
  }

  public PlanStore plans() {
    return plans;
  }

  public UserStore users() {
    return users;
  }

  public RunService runs() {
    return runs;
  }

  public PasswordHasher passwords() {
    return passwords;
  }

  public TokenService tokens() {
    return tokens;
  }

  /** Users, API keys, audit, target allow-list and caps. */
  public Security security() {
    return security;
  }

  /**
   * Ends the active runs (reason {@code shutdown}; new runs are refused from the start, and each
   * run's in-flight requests get its graceful stop), then closes the live streams, stops listening,
   * and closes the database.
   */
  @Override
  public void close() {
    rollBackInitialAdmin(); // never listened: the password was never shown
    try {
      runs.close();
    } finally {
      try {
        liveRuns.close();
        app.stop();
      } finally {
        try {
          database.close();
        } finally {
          if (dataDirectoryLock != null) {
            dataDirectoryLock.close();
          }
          LOG.info("Loadline stopped");
        }
      }
    }
  }

  /** Shows the first admin's generated password once the server listens (also under tests). */
  private void announceInitialAdmin() {
    InitialAdmin.Created created = pendingAdmin.getAndSet(null);
    if (created != null) {
      created.announce(console);
    }
  }

  private void rollBackInitialAdmin() {
    InitialAdmin.Created created = pendingAdmin.getAndSet(null);
    if (created != null) {
      created.rollBack(users);
    }
  }

  private String reachableHost() {
    // A wildcard bind is reachable locally through the loopback address.
    String host = config.bindHost();
    if (host.equals("0.0.0.0")) {
      return "127.0.0.1";
    }
    if (host.equals("::") || host.equals("[::]")) {
      return "[::1]";
    }
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private java.nio.file.Path pluginsDirectory() {
    return config.pluginsDirectory();
  }

  private RouteTable routeTable(
      ObjectMapper json, Authenticator authenticator, Dashboard dashboard, Templates templates) {
    RouteTable.Builder table = RouteTable.builder();
    new SystemApi(plugins).addRoutes(table);
    new AuthApi(authenticator, json).addRoutes(table);
    new PlanApi(plans, planReader, runs, json, security.planPolicy()).addRoutes(table);
    new RunApi(runs).addRoutes(table);
    new io.loadline.web.datafiles.DataFileApi(config.dataDirectory()).addRoutes(table);
    new io.loadline.web.api.ReportApi(runs, json).addRoutes(table);
    new io.loadline.web.api.CompareApi(runs).addRoutes(table);
    new io.loadline.web.dashboard.ComparePage(runs, json, tokens, templates).addRoutes(table);
    new PlanPages(plans, planReader, plugins, tokens, templates, security.planPolicy())
        .addRoutes(table);
    new RunHistoryPage(plans, runs, tokens, templates).addRoutes(table);
    dashboard.addRoutes(table);
    security.addRoutes(table, templates);
    liveRuns.addRoutes(table);
    operations.addRoutes(table);
    new io.loadline.web.plans.PlanFormatApi(planReader).addRoutes(table);
    return table.build();
  }

  private Javalin javalin(ObjectMapper json, SessionCookies cookies, Dashboard dashboard) {
    return Javalin.create(
        javalin -> {
          javalin.startup.showJavalinBanner = false;
          javalin.events.serverStarted(this::announceInitialAdmin);
          javalin.events.serverStartFailed(this::rollBackInitialAdmin);
          javalin.jetty.host = config.bindHost();
          javalin.jetty.port = config.port();
          javalin.http.maxRequestSize = MAX_REQUEST_BYTES;
          javalin.jetty.modifyServer(server -> server.setErrorHandler(new EarlyErrorHandler(json)));
          javalin.jetty.modifyServletContextHandler(
              context ->
                  context.addFilter(
                      new MethodNameFilter(routes::allowedMethods, json),
                      "/*",
                      EnumSet.of(DispatcherType.REQUEST)));
          javalin.jsonMapper(new JavalinJackson(json, false));
          javalin.staticFiles.enableWebjars();
          javalin.staticFiles.add(
              files -> {
                files.hostedPath = "/static";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
              });
          javalin.routes.before(new ResponseHeaders());
          security.registerHandlers(javalin.routes, cookies);
          routes.registerWith(javalin.routes);
          new ErrorMapping(dashboard, routes::allowedMethods, MAX_REQUEST_BYTES)
              .registerWith(javalin.routes);
        });
  }

  private static String jwtSecret(ServerConfig config, Database database) {
    if (config.jwtSecret() != null) {
      return config.jwtSecret();
    }
    return new SettingsStore(database).getOrCreate(JWT_SECRET_SETTING, LoadlineServer::newSecret);
  }

  private static String newSecret() {
    byte[] bytes = new byte[GENERATED_SECRET_BYTES];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void createDirectory(java.nio.file.Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException failure) {
      throw new UncheckedIOException(
          "Could not create the data directory "
              + directory.toAbsolutePath()
              + "; create it or set LOADLINE_DATA_DIR / --data-dir to a writable one.",
          failure);
    }
  }
}
