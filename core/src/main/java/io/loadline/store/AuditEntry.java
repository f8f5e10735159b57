package io.loadline.store;

import java.time.Instant;

/**
 * One row of the audit log. Immutable.
 *
 * @param actor who acted: a username, {@code key:<id>}, or {@code anonymous}
 * @param role the actor's role, or null when unknown (such as a failed login)
 * @param action such as {@code plan.create}, {@code run.start}, {@code login}
 * @param target such as {@code plan:3}, or empty
 * @param outcome {@code ok}, {@code denied} or {@code failed}
 * @param address the client's address, or null
 * @param requestId the request's id for matching with logs, or null
 */
public record AuditEntry(
    long id,
    Instant at,
    String actor,
    String role,
    String action,
    String target,
    String outcome,
    String address,
    String requestId) {}
