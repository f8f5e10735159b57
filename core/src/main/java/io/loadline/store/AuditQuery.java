package io.loadline.store;

import java.time.Instant;

/**
 * Which audit rows to read: every filter is optional (null means any). Immutable.
 *
 * @param actor exactly this actor, such as {@code alice} or {@code key:3}
 * @param action exactly this action, such as {@code run.start}
 * @param outcome {@code ok}, {@code denied} or {@code failed}
 * @param from rows at or after this instant
 * @param to rows before this instant
 * @param limit at most this many rows (the newest ones), at least 1
 */
public record AuditQuery(
    String actor, String action, String outcome, Instant from, Instant to, int limit) {

  public AuditQuery {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
    if (outcome != null && !AuditLog.OUTCOMES.contains(outcome)) {
      throw new IllegalArgumentException(
          "outcome must be one of " + AuditLog.OUTCOMES + ", not " + outcome);
    }
  }

  /** Every row, up to {@code limit}. */
  public static AuditQuery newest(int limit) {
    return new AuditQuery(null, null, null, null, null, limit);
  }
}
