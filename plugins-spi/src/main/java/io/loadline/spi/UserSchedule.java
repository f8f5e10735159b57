package io.loadline.spi;

import java.time.Duration;

/**
 * The optional ability of a rate model's {@link ArrivalSchedule} to be a <em>closed</em> model: a
 * number of virtual users, each running the scenario's iteration again and again, instead of
 * arrivals at a rate. A {@link RateModelFactory} whose schedule also implements this interface is
 * run by the engine as a closed model; the schedule's {@link ArrivalSchedule#cursor()} then gives
 * no arrivals and its {@link ArrivalSchedule#plannedRatePerSecond} is 0.
 *
 * <p>Like a schedule, it is pure and clock-free, immutable and thread-safe.
 */
public interface UserSchedule {

  /**
   * How many users should be running at the given offset from the start: 0 before the start and at
   * or after {@link ArrivalSchedule#duration()}. Users numbered from 0 run while their number is
   * below this count; a user above it finishes its current iteration and then stops.
   */
  int plannedUsers(Duration offset);

  /** The highest {@link #plannedUsers} over the whole schedule. */
  int maxUsers();

  /** How long a user waits after an iteration ends before it starts the next; may be zero. */
  Duration thinkTime();
}
