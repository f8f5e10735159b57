package io.loadline.web.api;

import io.loadline.store.StoredPlan;
import java.time.Instant;

/**
 * A plan as the API shows it. Immutable.
 *
 * @param source the plan's text exactly as it was sent; null in lists
 */
public record PlanJson(
    long id, String name, String format, String source, Instant createdAt, Instant updatedAt) {

  /** The plan with its source. */
  public static PlanJson of(StoredPlan plan) {
    return new PlanJson(
        plan.id(), plan.name(), plan.format(), plan.source(), plan.createdAt(), plan.updatedAt());
  }

  /** The plan without its source, for lists. */
  public static PlanJson summaryOf(StoredPlan plan) {
    return new PlanJson(
        plan.id(), plan.name(), plan.format(), null, plan.createdAt(), plan.updatedAt());
  }
}
