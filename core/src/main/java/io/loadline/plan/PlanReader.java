package io.loadline.plan;

import io.loadline.engine.Engine;

/**
 * Turns a plan's source text (YAML or JSON) into a checked {@link Plan}: the structure and every
 * plugin setting, all problems reported together. Thread-safe.
 */
public final class PlanReader {

  private final Engine engine;

  public PlanReader(Engine engine) {
    this.engine = engine;
  }

  /**
   * Parses and checks a plan.
   *
   * @throws PlanValidationException with every problem (syntax, structure and plugin settings),
   *     each with its field path
   */
  public Plan read(String source) {
    throw new UnsupportedOperationException("skeleton: the plan parser is being built");
  }
}
