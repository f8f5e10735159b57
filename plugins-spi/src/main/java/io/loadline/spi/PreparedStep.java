package io.loadline.spi;

/**
 * A protocol's validated, immutable form of one step's request, made once per plan by {@link
 * Protocol#prepare} and reused for every request. Implementations are protocol-specific.
 */
public interface PreparedStep {

  /** A short, secret-free description for logs and errors, such as {@code GET /api/items}. */
  String describe();
}
