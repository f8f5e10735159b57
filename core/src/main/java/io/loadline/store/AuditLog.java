package io.loadline.store;

/** The append-only audit log. Thread-safe. */
public final class AuditLog {

  public AuditLog(Database database) {
    throw new UnsupportedOperationException("skeleton: persistence is being built");
  }

  /**
   * Appends one row.
   *
   * @param actor who acted: a username, {@code key:<id>}, or {@code anonymous}
   * @param action such as {@code plan.create}, {@code run.start}, {@code login}
   * @param target such as {@code plan:3}, or empty
   * @param outcome {@code ok}, {@code denied} or {@code failed}
   */
  public void append(
      String actor, String role, String action, String target, String outcome, String address) {
    throw new UnsupportedOperationException("skeleton");
  }
}
