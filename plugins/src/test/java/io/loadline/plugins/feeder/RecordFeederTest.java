package io.loadline.plugins.feeder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.spi.ExhaustionPolicy;
import io.loadline.spi.FeederExhaustedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecordFeederTest {

  private static final List<Map<String, String>> NINE =
      IntStream.rangeClosed(1, 9).mapToObj(i -> Map.of("id", String.valueOf(i))).toList();

  @Test
  void queueGivesNineRecordsOnceInOrderAndTheTenthDrawCarriesThePolicy() {
    for (ExhaustionPolicy policy : List.of(ExhaustionPolicy.STOP_RUN, ExhaustionPolicy.STOP_USER)) {
      RecordFeeder feeder = feeder(RecordStrategy.QUEUE, policy, 1);

      assertEquals(ids(1, 9), draw(feeder, 9));
      FeederExhaustedException tenth = assertThrows(FeederExhaustedException.class, feeder::next);
      assertEquals(policy, tenth.policy());
      assertTrue(tenth.getMessage().contains("gave all its 9 records"), tenth.getMessage());
      assertThrows(FeederExhaustedException.class, feeder::next, "stays exhausted");
    }
  }

  @Test
  void theAdviceToChangeOnExhaustedIsGivenOnlyWhenTheRunStops() {
    RecordFeeder stopsRun = feeder(RecordStrategy.QUEUE, ExhaustionPolicy.STOP_RUN, 1);
    RecordFeeder stopsUser = feeder(RecordStrategy.QUEUE, ExhaustionPolicy.STOP_USER, 1);
    draw(stopsRun, 9);
    draw(stopsUser, 9);

    assertEquals(
        "the test file gave all its 9 records once (strategy queue); add records, or set"
            + " onExhausted to recycle or stop-user",
        assertThrows(FeederExhaustedException.class, stopsRun::next).getMessage());
    assertEquals(
        "the test file gave all its 9 records once (strategy queue)",
        assertThrows(FeederExhaustedException.class, stopsUser::next).getMessage());
  }

  @Test
  void queueWithRecycleStartsOverFromTheFirstRecord() {
    RecordFeeder feeder = feeder(RecordStrategy.QUEUE, ExhaustionPolicy.RECYCLE, 1);

    List<String> drawn = draw(feeder, 12);

    assertEquals(ids(1, 9), drawn.subList(0, 9));
    assertEquals(List.of("1", "2", "3"), drawn.subList(9, 12));
  }

  @Test
  void circularNeverRunsOut() {
    RecordFeeder feeder = feeder(RecordStrategy.CIRCULAR, ExhaustionPolicy.STOP_RUN, 1);

    List<String> drawn = draw(feeder, 20);

    assertEquals(ids(1, 9), drawn.subList(9, 18));
    assertEquals(List.of("1", "2"), drawn.subList(18, 20));
  }

  @Test
  void shuffleGivesEachRecordOncePerPassInAnotherOrderEachPass() {
    RecordFeeder feeder = feeder(RecordStrategy.SHUFFLE, ExhaustionPolicy.RECYCLE, 42);

    List<String> first = draw(feeder, 9);
    List<String> second = draw(feeder, 9);

    assertEquals(Set.copyOf(ids(1, 9)), Set.copyOf(first));
    assertEquals(9, new HashSet<>(first).size());
    assertEquals(Set.copyOf(ids(1, 9)), Set.copyOf(second));
    assertEquals(9, new HashSet<>(second).size());
    assertNotEquals(ids(1, 9), first, "a permutation of nine is almost never the identity");
    assertNotEquals(first, second);
  }

  @Test
  void shuffleWithoutRecycleIsExhaustedAfterOnePass() {
    RecordFeeder feeder = feeder(RecordStrategy.SHUFFLE, ExhaustionPolicy.STOP_USER, 7);

    assertEquals(Set.copyOf(ids(1, 9)), Set.copyOf(draw(feeder, 9)));
    FeederExhaustedException tenth = assertThrows(FeederExhaustedException.class, feeder::next);
    assertEquals(ExhaustionPolicy.STOP_USER, tenth.policy());
  }

  @Test
  void theSameSeedGivesTheSameSequenceAndAnotherSeedAnotherOne() {
    for (RecordStrategy strategy : List.of(RecordStrategy.SHUFFLE, RecordStrategy.RANDOM)) {
      List<String> once = draw(feeder(strategy, ExhaustionPolicy.RECYCLE, 42), 27);
      List<String> again = draw(feeder(strategy, ExhaustionPolicy.RECYCLE, 42), 27);
      List<String> other = draw(feeder(strategy, ExhaustionPolicy.RECYCLE, 43), 27);

      assertEquals(once, again, strategy.label());
      assertNotEquals(once, other, strategy.label());
    }
  }

  @Test
  void randomGivesOnlyRecordsOfTheFileAndReachesThemAll() {
    RecordFeeder feeder = feeder(RecordStrategy.RANDOM, ExhaustionPolicy.STOP_RUN, 3);

    Map<String, Integer> counts = new HashMap<>();
    for (String id : draw(feeder, 9_000)) {
      counts.merge(id, 1, Integer::sum);
    }

    assertEquals(Set.copyOf(ids(1, 9)), counts.keySet());
    // Each of nine is expected 1,000 times; 700 is more than nine standard deviations below.
    assertTrue(counts.values().stream().allMatch(count -> count > 700), counts.toString());
  }

  @Test
  void shuffleAcrossThreadsGivesEachRecordExactlyOncePerPass() throws Exception {
    List<Map<String, String>> records =
        IntStream.range(0, 1_000).mapToObj(i -> Map.of("id", String.valueOf(i))).toList();
    RecordFeeder feeder =
        new RecordFeeder(
            records,
            new FeederOptions(RecordStrategy.SHUFFLE, ExhaustionPolicy.RECYCLE, 5, true),
            "test");
    Map<String, AtomicInteger> uses = new ConcurrentHashMap<>();

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 750; i++) {
                    uses.computeIfAbsent(feeder.next().get("id"), k -> new AtomicInteger())
                        .incrementAndGet();
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    // 3,000 draws are exactly three passes over 1,000 records.
    assertEquals(1_000, uses.size());
    assertTrue(uses.values().stream().allMatch(count -> count.get() == 3), uses.toString());
  }

  @Test
  void theFieldNamesAreThoseEveryRecordHas() {
    RecordFeeder feeder =
        new RecordFeeder(
            List.of(Map.of("id", "1", "name", "Ann"), Map.of("id", "2", "age", "30")),
            new FeederOptions(RecordStrategy.CIRCULAR, ExhaustionPolicy.STOP_RUN, 1, true),
            "test");

    assertEquals(Optional.of(Set.of("id")), feeder.fieldNames());
  }

  private static RecordFeeder feeder(RecordStrategy strategy, ExhaustionPolicy policy, long seed) {
    return new RecordFeeder(NINE, new FeederOptions(strategy, policy, seed, true), "test file");
  }

  private static List<String> draw(RecordFeeder feeder, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(feeder.next().get("id"));
    }
    return ids;
  }

  private static List<String> ids(int first, int last) {
    return IntStream.rangeClosed(first, last).mapToObj(String::valueOf).toList();
  }
}
