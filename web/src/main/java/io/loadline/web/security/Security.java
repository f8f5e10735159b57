package io.loadline.web.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.loadline.engine.Engine;
import io.loadline.plan.PlanReader;
import io.loadline.store.ApiKeyStore;
import io.loadline.store.AuditLog;
import io.loadline.store.Database;
import io.loadline.store.LoginFailureStore;
import io.loadline.store.RevokedTokenStore;
import io.loadline.store.UserStore;
import io.loadline.web.auth.ApiKeys;
import io.loadline.web.auth.AuthGuard;
import io.loadline.web.auth.Authenticator;
import io.loadline.web.auth.PasswordHasher;
import io.loadline.web.auth.SessionCookies;
import io.loadline.web.auth.TokenService;
import io.loadline.web.dashboard.Templates;
import io.loadline.web.http.AuditRecorder;
import io.loadline.web.http.RouteTable;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires security and governance into the server in two hooks: {@link #addRoutes} (users, API keys,
 * account, logout, audit API and page) and {@link #registerHandlers} (the auth guard, the login
 * throttle, and after every request the audit recorder); {@link #planPolicy()} is the check the
 * plan and run routes apply. Built once at start-up; thread-safe afterwards.
 */
public final class Security {

  private static final Logger LOG = LoggerFactory.getLogger(Security.class);

  private final SecurityConfig config;
  private final UserStore users;
  private final PasswordHasher passwords;
  private final TokenService tokens;
  private final PlanReader planReader;
  private final ObjectMapper json;
  private final AuditLog auditLog;
  private final Authenticator authenticator;
  private final ApiKeys apiKeys;
  private final LoginThrottle loginThrottle;
  private final PlanPolicyGuard planPolicy;

  /** Everything security needs from the server; purges expired entries of the deny-list. */
  public record Parts(
      Database database,
      UserStore users,
      PasswordHasher passwords,
      TokenService tokens,
      PlanReader planReader,
      Engine engine,
      ObjectMapper json) {}

  public Security(SecurityConfig config, Parts parts) {
    this.config = config;
    this.users = parts.users();
    this.passwords = parts.passwords();
    this.tokens = parts.tokens();
    this.planReader = parts.planReader();
    this.json = parts.json();
    this.auditLog = new AuditLog(parts.database());
    RevokedTokenStore revokedTokens = new RevokedTokenStore(parts.database());
    revokedTokens.purgeExpired(java.time.Instant.now());
    this.authenticator = new Authenticator(users, passwords, tokens, revokedTokens);
    this.apiKeys = new ApiKeys(new ApiKeyStore(parts.database()), users, Clock.systemUTC());
    this.loginThrottle =
        new LoginThrottle(new LoginFailureStore(parts.database()), json, Clock.systemUTC());
    this.planPolicy = new PlanPolicyGuard(new PlanPolicy(config, parts.engine()), planReader);
    LOG.info(
        "Targets allowed: {}; run caps: {}",
        config.allowList(),
        config.capsByRole().isEmpty() ? "none" : config.capsByRole());
  }

  public Authenticator authenticator() {
    return authenticator;
  }

  public ApiKeys apiKeys() {
    return apiKeys;
  }

  public AuditLog auditLog() {
    return auditLog;
  }

  public SecurityConfig config() {
    return config;
  }

  /** The allow-list and run caps, for the routes that save plans and start runs. */
  public PlanPolicyGuard planPolicy() {
    return planPolicy;
  }

  /** Adds the security routes. */
  public void addRoutes(RouteTable.Builder table, Templates templates) {
    new UsersApi(users, passwords, json).addRoutes(table);
    new ApiKeysApi(apiKeys, users, json).addRoutes(table);
    new AccountApi(users, passwords, authenticator, loginThrottle, json).addRoutes(table);
    new AuditApi(auditLog).addRoutes(table);
    new AuditPage(auditLog, templates, tokens).addRoutes(table);
  }

  /**
   * Registers the guard and the throttle before every matched route, and the audit after. The plan
   * policy is not a handler: the plan and run routes call {@link #planPolicy()} themselves.
   */
  public void registerHandlers(RoutesConfig routes, SessionCookies cookies) {
    routes.beforeMatched(new AuthGuard(authenticator, apiKeys, cookies));
    routes.beforeMatched(loginThrottle.check());
    routes.afterMatched(loginThrottle.record());
    routes.afterMatched(new AuditRecorder(auditLog));
  }
}
