package io.loadline.plugins.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.spi.ConfigProblem;
import io.loadline.spi.ExhaustionPolicy;
import io.loadline.spi.Feeder;
import io.loadline.spi.FeederExhaustedException;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.PluginConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFeederFactoryTest {

  private static final String PATH = "scenarios[0].feeder";

  @TempDir Path dataDirectory;

  private final CsvFeederFactory factory = new CsvFeederFactory();

  @Test
  void crlfFileWithABlankLineGivesExactlyItsTwoRecords() throws Exception {
    write("users.csv", "id,name\r\n1,Ann\r\n\r\n2,Bo\r\n");

    Feeder feeder = create(Map.of("file", "users.csv", "strategy", "queue"));

    assertEquals(Map.of("id", "1", "name", "Ann"), feeder.next());
    assertEquals(Map.of("id", "2", "name", "Bo"), feeder.next());
    assertThrows(FeederExhaustedException.class, feeder::next);
  }

  @Test
  void aByteOrderMarkIsDroppedFromTheFirstColumnName() throws Exception {
    write("users.csv", "\uFEFFid,name\n7,Eve\n");

    Map<String, String> record = create(Map.of("file", "users.csv")).next();

    assertEquals(Set.of("id", "name"), record.keySet());
    assertEquals("7", record.get("id"));
  }

  @Test
  void quotedFieldsKeepTheirCommasQuotesAndLineBreaks() throws Exception {
    write(
        "notes.csv", "id,note\n1,\"Hello, world\"\n2,\"She said \"\"hi\"\"\"\n3,\"two\nlines\"\n");

    Feeder feeder = create(Map.of("file", "notes.csv", "strategy", "queue"));

    assertEquals("Hello, world", feeder.next().get("note"));
    assertEquals("She said \"hi\"", feeder.next().get("note"));
    assertEquals("two\nlines", feeder.next().get("note"));
    assertThrows(FeederExhaustedException.class, feeder::next);
  }

  @Test
  void anotherDelimiterSplitsTheFields() throws Exception {
    write("users.csv", "id;name\n1;Ann, Jr.\n");

    Map<String, String> record = create(Map.of("file", "users.csv", "delimiter", ";")).next();

    assertEquals(Map.of("id", "1", "name", "Ann, Jr."), record);
  }

  @Test
  void circularStartsAgainFromTheFirstRecordAfterTheLast() throws Exception {
    write("users.csv", "id\n1\n2\n3\n");

    Feeder feeder = create(Map.of("file", "users.csv"));

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ids.add(feeder.next().get("id"));
    }
    assertEquals(List.of("1", "2", "3", "1", "2", "3", "1"), ids);
  }

  @Test
  void queueGivesEachRecordExactlyOnceAcrossThreadsThenThrows() throws Exception {
    StringBuilder csv = new StringBuilder("id\n");
    for (int i = 0; i < 1000; i++) {
      csv.append(i).append('\n');
    }
    write("ids.csv", csv.toString());
    Feeder feeder = create(Map.of("file", "ids.csv", "strategy", "queue"));

    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<Integer> givenPerThread = takeUntilExhausted(feeder, seen, 4);

    assertEquals(1000, givenPerThread.stream().mapToInt(Integer::intValue).sum());
    assertEquals(1000, seen.size());
    FeederExhaustedException exhausted = assertThrows(FeederExhaustedException.class, feeder::next);
    assertTrue(exhausted.getMessage().contains("ids.csv"), exhausted.getMessage());
  }

  @Test
  void aQueueOfNineGivesEachOnceTheLastIncludedAndTheTenthDrawCarriesThePolicy() throws Exception {
    write("nine.csv", "id\n1\n2\n3\n4\n5\n6\n7\n8\n9\n");
    for (String policy : List.of("stop-run", "stop-user")) {
      Feeder feeder =
          create(Map.of("file", "nine.csv", "strategy", "queue", "onExhausted", policy));

      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        ids.add(feeder.next().get("id"));
      }

      assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), ids);
      FeederExhaustedException tenth = assertThrows(FeederExhaustedException.class, feeder::next);
      assertEquals(ExhaustionPolicy.fromLabel(policy).orElseThrow(), tenth.policy());
    }
  }

  @Test
  void aRecycledQueueGivesTheFirstRecordAgainAtTheTenthDraw() throws Exception {
    write("nine.csv", "id\n1\n2\n3\n4\n5\n6\n7\n8\n9\n");
    Feeder feeder =
        create(Map.of("file", "nine.csv", "strategy", "queue", "onExhausted", "recycle"));

    for (int i = 0; i < 9; i++) {
      feeder.next();
    }

    assertEquals("1", feeder.next().get("id"));
  }

  @Test
  void aSeededShuffleGivesEachRecordOncePerPassInTheSameOrderEveryTime() throws Exception {
    write("nine.csv", "id\n1\n2\n3\n4\n5\n6\n7\n8\n9\n");
    Map<String, Object> settings =
        Map.of("file", "nine.csv", "strategy", "shuffle", "seed", 42, "onExhausted", "recycle");

    List<String> first = new ArrayList<>();
    Feeder feeder = create(settings);
    for (int i = 0; i < 18; i++) {
      first.add(feeder.next().get("id"));
    }
    Feeder again = create(settings);
    List<String> second = new ArrayList<>();
    for (int i = 0; i < 18; i++) {
      second.add(again.next().get("id"));
    }

    assertEquals(first, second);
    assertEquals(9, new HashSet<>(first.subList(0, 9)).size());
    assertEquals(9, new HashSet<>(first.subList(9, 18)).size());
  }

  @Test
  void randomOnlyGivesRecordsOfTheFile() throws Exception {
    write("users.csv", "id\n1\n2\n3\n");

    Feeder feeder = create(Map.of("file", "users.csv", "strategy", "random"));

    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      ids.add(feeder.next().get("id"));
    }
    assertTrue(Set.of("1", "2", "3").containsAll(ids), ids.toString());
  }

  @Test
  void recordsAreReadOnly() throws Exception {
    write("users.csv", "id\n1\n");

    Map<String, String> record = create(Map.of("file", "users.csv")).next();

    assertThrows(UnsupportedOperationException.class, () -> record.put("id", "2"));
  }

  @Test
  void aPathLeadingOutOfTheDataDirectoryIsRejected() throws Exception {
    Path outside = Files.writeString(dataDirectory.resolve("secret.csv"), "id\n1\n");
    Path base = Files.createDirectory(dataDirectory.resolve("data"));

    List<ConfigProblem> problems =
        problemsOf(PluginConfig.of(PATH, Map.of("file", "../secret.csv"), base));

    assertEquals(
        List.of(
            new ConfigProblem(
                PATH + ".file",
                "must stay inside the data directory, but '../secret.csv' leads outside it")),
        problems);
    assertTrue(Files.exists(outside));
  }

  @Test
  void anAbsolutePathIsRejected() {
    String absolute = dataDirectory.resolve("users.csv").toAbsolutePath().toString();

    List<ConfigProblem> problems = problemsOf(Map.of("file", absolute));

    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.getFirst().message().startsWith("must be a path relative to the data"));
  }

  @Test
  void aMissingFileIsNamedRelativeToTheDataDirectory() {
    List<ConfigProblem> problems = problemsOf(Map.of("file", "sub/../nowhere.csv"));

    assertEquals(
        List.of(
            new ConfigProblem(
                PATH + ".file",
                "'nowhere.csv' was not found in the data directory ("
                    + dataDirectory.toAbsolutePath().normalize()
                    + "); put it there or fix the name")),
        problems);
  }

  @Test
  void aHeaderWithoutRowsIsAProblem() throws Exception {
    write("users.csv", "id,name\r\n\r\n");

    List<ConfigProblem> problems = problemsOf(Map.of("file", "users.csv"));

    assertEquals(
        List.of(
            new ConfigProblem(
                PATH + ".file",
                "'users.csv' has a header but no records; add at least one row below it")),
        problems);
  }

  @Test
  void anEmptyFileIsAProblem() throws Exception {
    write("users.csv", "");

    List<ConfigProblem> problems = problemsOf(Map.of("file", "users.csv"));

    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.getFirst().message().contains("is empty"), problems.toString());
  }

  @Test
  void aRowWithTheWrongNumberOfFieldsIsAProblemNamingItsLine() throws Exception {
    write("users.csv", "id,name\n1,Ann\n\n\"2\",\"Bo\nB\"\n3,Cy,extra\n");

    List<ConfigProblem> problems = problemsOf(Map.of("file", "users.csv"));

    assertEquals(
        List.of(
            new ConfigProblem(
                PATH + ".file",
                "line 6 of 'users.csv' has 3 field(s) but the header has 2 (id,name)")),
        problems);
  }

  @Test
  void anUnclosedQuoteIsAProblem() throws Exception {
    write("users.csv", "id,name\n1,\"Ann\n");

    List<ConfigProblem> problems = problemsOf(Map.of("file", "users.csv"));

    assertEquals(1, problems.size(), problems.toString());
    assertTrue(
        problems.getFirst().message().startsWith("'users.csv' is not valid CSV"),
        problems.toString());
  }

  @Test
  void duplicateAndBlankColumnNamesAreProblems() throws Exception {
    write("users.csv", "id,,id\n1,2,3\n");

    List<ConfigProblem> problems = problemsOf(Map.of("file", "users.csv"));

    assertEquals(
        List.of(
            new ConfigProblem(PATH + ".file", "column 2 of the header of 'users.csv' has no name"),
            new ConfigProblem(
                PATH + ".file",
                "the header of 'users.csv' names 'id' twice; names must be unique")),
        problems);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("file", "missing.csv");
    settings.put("strategy", "sorted");
    settings.put("delimiter", ";;");
    settings.put("encoding", "latin1");

    List<ConfigProblem> problems = problemsOf(settings);

    assertEquals(
        List.of(
            new ConfigProblem(
                PATH + ".encoding",
                "is not a known option; known options are [delimiter, file, onExhausted, seed,"
                    + " strategy]"),
            new ConfigProblem(
                PATH + ".file",
                "'missing.csv' was not found in the data directory ("
                    + dataDirectory.toAbsolutePath().normalize()
                    + "); put it there or fix the name"),
            new ConfigProblem(
                PATH + ".strategy",
                "must be one of [circular, queue, random, shuffle], was 'sorted'"),
            new ConfigProblem(
                PATH + ".delimiter",
                "must be one character other than a quote or a line break, such as , or ; or a"
                    + " tab (\"\\t\" in double quotes), was ';;'")),
        problems);
  }

  @Test
  void aMissingFileSettingIsRequired() {
    List<ConfigProblem> problems = problemsOf(Map.of());

    assertEquals(List.of(new ConfigProblem(PATH + ".file", "is required")), problems);
  }

  private List<Integer> takeUntilExhausted(Feeder feeder, Set<String> seen, int threads)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> drain(feeder, seen)));
      }
      List<Integer> counts = new ArrayList<>();
      for (Future<Integer> result : results) {
        counts.add(result.get());
      }
      return counts;
    } finally {
      pool.shutdownNow();
    }
  }

  private static int drain(Feeder feeder, Set<String> seen) {
    int given = 0;
    while (true) {
      try {
        assertTrue(seen.add(feeder.next().get("id")), "a record was given twice");
        given++;
      } catch (FeederExhaustedException e) {
        return given;
      }
    }
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(dataDirectory.resolve(name), content, StandardCharsets.UTF_8);
  }

  private Feeder create(Map<String, ?> settings) throws InvalidConfigException {
    return factory.create(PluginConfig.of(PATH, settings, dataDirectory));
  }

  private List<ConfigProblem> problemsOf(Map<String, ?> settings) {
    return problemsOf(PluginConfig.of(PATH, settings, dataDirectory));
  }

  private List<ConfigProblem> problemsOf(PluginConfig config) {
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> factory.create(config));
    assertInstanceOf(List.class, e.problems());
    return e.problems();
  }
}
