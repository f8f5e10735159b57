package io.loadline.web.security;

import java.time.Duration;

/**
 * The largest run one role may start; each limit is optional (null means no limit). Immutable.
 *
 * @param maxRatePerSecond the largest total arrival rate, summed over the plan's scenarios
 * @param maxDuration the longest scenario duration
 * @param maxUsers the largest total number of virtual users, summed over the scenarios, for load
 *     models that declare {@code users} (closed models)
 */
public record RunCaps(Double maxRatePerSecond, Duration maxDuration, Integer maxUsers) {

  /** No limit at all. */
  public static final RunCaps NONE = new RunCaps(null, null, null);

  /** Whether no limit is set. */
  public boolean isUnlimited() {
    return maxRatePerSecond == null && maxDuration == null && maxUsers == null;
  }
}
