package io.loadline.web.security;

import io.javalin.http.Context;
import io.loadline.store.AuditEntry;
import io.loadline.store.AuditLog;
import io.loadline.web.auth.Access;
import io.loadline.web.http.RouteTable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The admin's view of the audit log: {@code GET /api/v1/audit} answers JSON, {@code GET
 * /api/v1/audit/export} the same rows as CSV, both with the filters of {@link AuditFilters}. The
 * newest matching rows are returned oldest first. Reading the log is itself not audited (it changes
 * nothing). Thread-safe.
 *
 * <p>CSV cells that a spreadsheet would run as a formula (starting with {@code = + - @}, tab or
 * carriage return) are prefixed with an apostrophe, so an exported row cannot carry a formula.
 */
public final class AuditApi {

  public static final String AUDIT = "/api/v1/audit";

  static final String[] CSV_HEADER = {
    "id", "at", "actor", "role", "action", "target", "outcome", "address", "requestId"
  };

  private final AuditLog auditLog;

  public AuditApi(AuditLog auditLog) {
    this.auditLog = auditLog;
  }

  /** Adds the audit routes, for admins. */
  public void addRoutes(RouteTable.Builder table) {
    table.get(AUDIT, Access.ADMIN, this::list).get(AUDIT + "/export", Access.ADMIN, this::export);
  }

  private void list(Context context) {
    context.json(auditLog.search(AuditFilters.from(context)));
  }

  private void export(Context context) {
    List<AuditEntry> entries = auditLog.search(AuditFilters.from(context));
    context.contentType("text/csv; charset=utf-8");
    context.header("Content-Disposition", "attachment; filename=\"loadline-audit.csv\"");
    context.result(csv(entries));
  }

  static String csv(List<AuditEntry> entries) {
    StringWriter out = new StringWriter();
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(CSV_HEADER).get();
    try (CSVPrinter printer = new CSVPrinter(out, format)) {
      for (AuditEntry entry : entries) {
        printer.printRecord(
            entry.id(),
            entry.at(),
            inert(entry.actor()),
            inert(entry.role()),
            inert(entry.action()),
            inert(entry.target()),
            inert(entry.outcome()),
            inert(entry.address()),
            inert(entry.requestId()));
      }
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return out.toString();
  }

  /** A cell a spreadsheet shows as text, never runs as a formula. */
  static String inert(String cell) {
    if (cell == null || cell.length() < 2) {
      return cell;
    }
    char first = cell.charAt(0);
    boolean formula =
        first == '='
            || first == '+'
            || first == '-'
            || first == '@'
            || first == '\t'
            || first == '\r';
    return formula ? "'" + cell : cell;
  }
}
