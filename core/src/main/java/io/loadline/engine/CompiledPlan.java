package io.loadline.engine;

import io.loadline.plan.Plan;

/**
 * A plan checked against its plugins, holding their runtime objects (schedules, protocols not yet
 * started, feeders). Made by {@link Engine#compile}; owned by whoever holds it until {@link
 * Engine#start} takes it over. Not thread-safe.
 */
public final class CompiledPlan implements AutoCloseable {

  private final Plan plan;

  CompiledPlan(Plan plan) {
    this.plan = plan;
  }

  public Plan plan() {
    return plan;
  }

  @Override
  public void close() {}
}
