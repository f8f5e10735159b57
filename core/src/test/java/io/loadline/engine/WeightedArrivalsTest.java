package io.loadline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loadline.spi.ArrivalCursor;
import io.loadline.spi.ArrivalSchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The split of one arrival stream among scenarios by weight, checked without waiting. */
class WeightedArrivalsTest {

  /** 1,000 arrivals one millisecond apart. */
  private final ArrivalSchedule thousand =
      new ArrivalSchedule() {
        @Override
        public Duration duration() {
          return Duration.ofSeconds(1);
        }

        @Override
        public double plannedRatePerSecond(Duration offset) {
          return 1000;
        }

        @Override
        public ArrivalCursor cursor() {
          long[] next = {0};
          return () -> next[0] < 1000 ? next[0]++ * 1_000_000L : ArrivalCursor.END;
        }

        @Override
        public long expectedArrivals() {
          return 1000;
        }
      };

  @Test
  void threeToOneGivesSeventyFiveAndTwentyFivePercentAndEveryArrivalExactlyOnce() {
    List<ArrivalSchedule> shares = WeightedArrivals.split(thousand, List.of(3, 1));

    List<Long> first = offsets(shares.get(0));
    List<Long> second = offsets(shares.get(1));

    assertEquals(750, first.size());
    assertEquals(250, second.size());
    TreeSet<Long> union = new TreeSet<>(first);
    union.addAll(second);
    assertEquals(1000, union.size(), "no arrival is given twice or lost");
    assertEquals(750.0, shares.get(0).plannedRatePerSecond(Duration.ZERO));
    assertEquals(250, shares.get(1).expectedArrivals());
    // Smooth: every window of 4 arrivals holds exactly one of the second scenario's.
    for (int window = 0; window < 1000; window += 4) {
      long start = window * 1_000_000L;
      long end = start + 4_000_000L;
      assertEquals(1, second.stream().filter(o -> o >= start && o < end).count());
    }
  }

  @Test
  void unevenWeightsStayWithinOneArrivalOfTheirExactShare() {
    List<ArrivalSchedule> shares = WeightedArrivals.split(thousand, List.of(70, 25, 5));

    assertEquals(
        List.of(700, 250, 50), shares.stream().map(share -> offsets(share).size()).toList());
  }

  private static List<Long> offsets(ArrivalSchedule schedule) {
    ArrivalCursor cursor = schedule.cursor();
    List<Long> offsets = new ArrayList<>();
    for (long offset = cursor.nextOffsetNanos();
        offset != ArrivalCursor.END;
        offset = cursor.nextOffsetNanos()) {
      offsets.add(offset);
    }
    return offsets;
  }
}
