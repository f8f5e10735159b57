package io.loadline.web.security;

import io.javalin.http.Context;
import io.loadline.store.AuditLog;
import io.loadline.store.AuditQuery;
import io.loadline.web.auth.Access;
import io.loadline.web.auth.TokenService;
import io.loadline.web.dashboard.PageContext;
import io.loadline.web.dashboard.Templates;
import io.loadline.web.http.RequestState;
import io.loadline.web.http.RouteTable;
import java.util.HashMap;
import java.util.Map;

/**
 * The dashboard's audit page, {@code /audit}, for admins: a filter form (a GET, so it needs no CSRF
 * token) over the rows, and {@code /audit/export}, the CSV export with the same filters. Every
 * value is escaped by the template. Thread-safe.
 */
public final class AuditPage {

  public static final String PATH = "/audit";

  private final AuditLog auditLog;
  private final Templates templates;
  private final TokenService tokens;

  public AuditPage(AuditLog auditLog, Templates templates, TokenService tokens) {
    this.auditLog = auditLog;
    this.templates = templates;
    this.tokens = tokens;
  }

  public void addRoutes(RouteTable.Builder table) {
    table.get(PATH, Access.ADMIN, this::show).get(PATH + "/export", Access.ADMIN, this::export);
  }

  private void show(Context context) {
    AuditQuery query = AuditFilters.from(context);
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("page", PageContext.of(RequestState.requirePrincipal(context), tokens));
    parameters.put("query", query);
    parameters.put("entries", auditLog.search(query));
    String queryString = context.queryString();
    parameters.put("exportLink", PATH + "/export" + (queryString == null ? "" : "?" + queryString));
    context.html(templates.render("audit.jte", parameters));
  }

  /** The CSV export for the browser, which signs in with the session cookie, not a bearer. */
  private void export(Context context) {
    context.contentType("text/csv; charset=utf-8");
    context.header("Content-Disposition", "attachment; filename=\"loadline-audit.csv\"");
    context.result(AuditApi.csv(auditLog.search(AuditFilters.from(context))));
  }
}
