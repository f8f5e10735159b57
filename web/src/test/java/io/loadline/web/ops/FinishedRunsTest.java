package io.loadline.web.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The bound on the finished runs {@code /metrics} shows, with the server's real settings. */
class FinishedRunsTest {

  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T10:00:00Z"));
  private final FinishedRuns finished =
      new FinishedRuns(clock, RunMetrics.FINISHED_RUN_RETENTION, RunMetrics.FINISHED_RUNS_KEPT);

  @Test
  void ofTwentyOneFinishedRunsTheTwentyThatEndedLastAreShown() {
    for (long runId = 1; runId <= 21; runId++) {
      finished.ended(runId);
      clock.advance(Duration.ofSeconds(1));
    }

    assertEquals(LongStream.rangeClosed(2, 21).boxed().toList(), finished.shown());
  }

  @Test
  void finishedRunsAreShownForTenMinutesAfterTheyEnded() {
    finished.ended(1);
    clock.advance(Duration.ofMinutes(5));
    finished.ended(2);

    clock.advance(Duration.ofMinutes(5));
    assertEquals(List.of(1L, 2L), finished.shown(), "run 1 ended exactly 10 minutes ago");
    clock.advance(Duration.ofMinutes(1));
    assertEquals(List.of(2L), finished.shown());
    clock.advance(Duration.ofMinutes(5));
    assertEquals(List.of(), finished.shown());
  }

  @Test
  void noneOfTwentyOneFinishedRunsIsShownElevenMinutesLater() {
    for (long runId = 1; runId <= 21; runId++) {
      finished.ended(runId);
    }

    clock.advance(Duration.ofMinutes(11));

    assertEquals(List.of(), finished.shown());
  }

  /** A clock that stands still until the test moves it. */
  private static final class SettableClock extends Clock {

    private Instant now;

    SettableClock(Instant start) {
      now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the tests read instants only");
    }
  }
}
