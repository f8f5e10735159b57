package io.loadline.engine;

/**
 * The count of one extraction of one step. Immutable.
 *
 * @param step the step's name
 * @param variable the variable it fills
 * @param expression the source and expression, such as {@code json $.token}
 * @param successes responses it found a value in (an empty value counts)
 * @param defaultsUsed responses it found nothing in, where the declared default was used
 * @param failures responses it found nothing in without a default: each ended its iteration
 */
public record ExtractionSummary(
    String step,
    String variable,
    String expression,
    long successes,
    long defaultsUsed,
    long failures) {}
