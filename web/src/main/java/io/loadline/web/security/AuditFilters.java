package io.loadline.web.security;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.loadline.store.AuditLog;
import io.loadline.store.AuditQuery;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the audit filters from a query string, the same for the API, the CSV export and the
 * dashboard page: {@code actor}, {@code action}, {@code outcome}, {@code from}, {@code to}
 * (ISO-8601 instants) and {@code limit}. Every malformed one is named in one 400. Stateless.
 */
final class AuditFilters {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;

  /** The stored timestamps are epoch milliseconds, so an instant must fit them; these years do. */
  static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");

  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private AuditFilters() {}

  static AuditQuery from(Context context) {
    List<String> problems = new ArrayList<>();
    String outcome = blankToNull(context.queryParam("outcome"));
    if (outcome != null && !AuditLog.OUTCOMES.contains(outcome)) {
      problems.add("outcome must be ok, denied or failed");
      outcome = null;
    }
    Instant from = instant(context, "from", problems);
    Instant to = instant(context, "to", problems);
    int limit = limit(context.queryParam("limit"), problems);
    if (!problems.isEmpty()) {
      throw new BadRequestResponse("Invalid audit filter: " + String.join("; ", problems) + ".");
    }
    return new AuditQuery(
        blankToNull(context.queryParam("actor")),
        blankToNull(context.queryParam("action")),
        outcome,
        from,
        to,
        limit);
  }

  private static Instant instant(Context context, String name, List<String> problems) {
    String text = blankToNull(context.queryParam(name));
    if (text == null) {
      return null;
    }
    try {
      Instant instant = Instant.parse(text);
      if (!instant.isBefore(EARLIEST) && !instant.isAfter(LATEST)) {
        return instant;
      }
      problems.add(name + " must be from " + EARLIEST + " to " + LATEST);
    } catch (DateTimeParseException malformed) {
      problems.add(name + " must be an instant such as 2026-12-03T10:00:00Z");
    }
    return null;
  }

  private static int limit(String text, List<String> problems) {
    if (blankToNull(text) == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text.trim());
      if (limit >= 1) {
        return Math.min(limit, MAX_LIMIT);
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    problems.add("limit must be a whole number from 1 to " + MAX_LIMIT);
    return DEFAULT_LIMIT;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
