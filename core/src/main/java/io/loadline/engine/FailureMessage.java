package io.loadline.engine;

/**
 * How often one step failed with one message, as Gatling's error table shows it. Immutable.
 *
 * @param kind the failure's kind, an {@link io.loadline.spi.Outcome#label()} such as {@code
 *     timeout}
 * @param message the protocol's reason (for HTTP, the exception's message, or {@code status 503}
 *     for an error status), at most {@link FailureTally#MAX_MESSAGE_LENGTH} characters; {@link
 *     FailureTally#OTHER_MESSAGES} for the messages past the first {@link
 *     FailureTally#MAX_MESSAGES} distinct ones
 * @param count requests that failed so
 */
public record FailureMessage(String kind, String message, long count) {}
