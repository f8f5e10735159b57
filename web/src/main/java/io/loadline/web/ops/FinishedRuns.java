package io.loadline.web.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Which finished runs {@code /metrics} still shows: those that ended within {@link #retention} of
 * the clock's now, and at most the {@link #maximumKept} that ended last. Thread-safe.
 */
final class FinishedRuns {

  private final Clock clock;
  private final Duration retention;
  private final int maximumKept;

  /** Run ids with when they ended, oldest first. Guarded by itself. */
  private final LinkedHashMap<Long, Instant> endedAt = new LinkedHashMap<>();

  FinishedRuns(Clock clock, Duration retention, int maximumKept) {
    if (maximumKept < 1) {
      throw new IllegalArgumentException("maximumKept must be at least 1, was " + maximumKept);
    }
    this.clock = clock;
    this.retention = retention;
    this.maximumKept = maximumKept;
  }

  /** A run has ended now; the oldest one shown is forgotten when there are too many. */
  void ended(long runId) {
    synchronized (endedAt) {
      endedAt.remove(runId);
      endedAt.put(runId, clock.instant());
      while (endedAt.size() > maximumKept) {
        endedAt.remove(endedAt.keySet().iterator().next());
      }
    }
  }

  /** The runs to show now, oldest first; forgets the ones that ended too long ago. */
  List<Long> shown() {
    Instant oldestKept = clock.instant().minus(retention);
    synchronized (endedAt) {
      endedAt.values().removeIf(ended -> ended.isBefore(oldestKept));
      return List.copyOf(endedAt.keySet());
    }
  }

  @Override
  public String toString() {
    synchronized (endedAt) {
      return "FinishedRuns[shown=" + endedAt.keySet() + ", retention=" + retention + "]";
    }
  }
}
