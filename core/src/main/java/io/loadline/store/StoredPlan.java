package io.loadline.store;

import java.time.Instant;

/**
 * A plan as stored: its source text exactly as the user sent it. Immutable.
 *
 * @param format {@code yaml} or {@code json}
 */
public record StoredPlan(
    long id, String name, String format, String source, Instant createdAt, Instant updatedAt) {}
