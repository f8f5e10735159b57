package io.loadline.engine;

/**
 * The count of one check of one step. Immutable.
 *
 * @param step the step's name
 * @param name the check, such as {@code status in [200]}
 * @param passes responses that passed it
 * @param failures responses that failed it, those whose failure ended the iteration included
 */
public record CheckSummary(String step, String name, long passes, long failures) {}
