package io.loadline.spi;

/**
 * A protocol's validated, immutable form of one step's request, made once per plan by {@link
 * Protocol#prepare} and reused for every request. Implementations are protocol-specific.
 */
public interface PreparedStep {

  /** A short, secret-free description for logs and errors, such as {@code GET /api/items}. */
  String describe();

  /**
   * The variable names the request reads, when the protocol can tell before the run; the engine
   * reports a name that nothing defines as a validation problem. Empty by default.
   */
  default java.util.Set<String> variablesUsed() {
    return java.util.Set.of();
  }
}
