package io.loadline.plugins.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFeederFactoryTest {

  private static final String PATH = "scenarios[0].feeder";

  @TempDir Path dataDirectory;

  private final JsonFeederFactory factory = new JsonFeederFactory();

  @Test
  void anArrayOfObjectsGivesOneRecordPerObjectInOrder() throws Exception {
    write("users.json", "[{\"id\": 1, \"name\": \"Ann\"}, {\"id\": 2, \"name\": \"Bo\"}]");

    Feeder feeder = create(Map.of("file", "users.json", "strategy", "queue"));

    assertEquals(Map.of("id", "1", "name", "Ann"), feeder.next());
    assertEquals(Map.of("id", "2", "name", "Bo"), feeder.next());
    assertThrows(FeederExhaustedException.class, feeder::next);
    assertEquals(Optional.of(Set.of("id", "name")), feeder.fieldNames());
  }

  @Test
  void jsonLinesAreDetectedAndBlankLinesSkipped() throws Exception {
    write("users.jsonl", "{\"id\": 1, \"name\": \"Ann\"}\r\n\r\n{\"id\": 2, \"name\": \"Bo\"}\n");

    Feeder feeder = create(Map.of("file", "users.jsonl", "strategy", "queue"));

    assertEquals(Map.of("id", "1", "name", "Ann"), feeder.next());
    assertEquals(Map.of("id", "2", "name", "Bo"), feeder.next());
    assertThrows(FeederExhaustedException.class, feeder::next);
  }

  @Test
  void valuesBecomeTextAndNestedValuesTheirJsonText() throws Exception {
    write(
        "values.json",
        "\uFEFF[{\"text\": \"a \\\"b\\\"\", \"whole\": 42, \"decimal\": 1.10, \"big\": 1e3,"
            + " \"yes\": true, \"nothing\": null, \"empty\": \"\","
            + " \"object\": {\"a\": [1, \"x\"]}, \"list\": [1, 2.50]}]");

    Map<String, String> record = create(Map.of("file", "values.json")).next();

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("text", "a \"b\"");
    expected.put("whole", "42");
    expected.put("decimal", "1.10");
    expected.put("big", "1000");
    expected.put("yes", "true");
    expected.put("nothing", "");
    expected.put("empty", "");
    expected.put("object", "{\"a\":[1,\"x\"]}");
    expected.put("list", "[1,2.50]");
    assertEquals(expected, record);
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(record.keySet()));
  }

  @Test
  void shuffleAndRecycleWorkAsForCsv() throws Exception {
    write("ids.json", "[{\"id\": 1}, {\"id\": 2}, {\"id\": 3}]");

    Feeder feeder =
        create(Map.of("file", "ids.json", "strategy", "shuffle", "onExhausted", "recycle"));

    for (int pass = 0; pass < 3; pass++) {
      Set<String> ids = new HashSet<>();
      for (int draw = 0; draw < 3; draw++) {
        ids.add(feeder.next().get("id"));
      }
      assertEquals(Set.of("1", "2", "3"), ids, "pass " + pass);
    }
  }

  @Test
  void queueExhaustionCarriesTheDeclaredPolicy() throws Exception {
    write("ids.json", "[{\"id\": 1}]");

    Feeder feeder =
        create(Map.of("file", "ids.json", "strategy", "queue", "onExhausted", "stop-user"));
    feeder.next();

    FeederExhaustedException exhausted = assertThrows(FeederExhaustedException.class, feeder::next);
    assertEquals(ExhaustionPolicy.STOP_USER, exhausted.policy());
    assertTrue(exhausted.getMessage().contains("'ids.json'"), exhausted.getMessage());
  }

  @Test
  void elementsThatAreNotObjectsAreEachAProblem() throws Exception {
    write("mixed.json", "[{\"id\": 1}, 2, \"three\", [4], null]");

    List<ConfigProblem> problems = problemsOf(Map.of("file", "mixed.json"));

    String tail = ", not an object; each record must be an object such as {\"id\": 1}";
    assertEquals(
        List.of(
            new ConfigProblem(PATH + ".file", "element 1 of 'mixed.json' is a number" + tail),
            new ConfigProblem(PATH + ".file", "element 2 of 'mixed.json' is a string" + tail),
            new ConfigProblem(PATH + ".file", "element 3 of 'mixed.json' is an array" + tail),
            new ConfigProblem(PATH + ".file", "element 4 of 'mixed.json' is null" + tail)),
        problems);
  }

  @Test
  void aJsonLineThatIsNotAnObjectIsAProblemNamingItsLine() throws Exception {
    write("lines.jsonl", "{\"id\": 1}\n{\"id\": 2}\n\n[3]\n");

    List<ConfigProblem> problems = problemsOf(Map.of("file", "lines.jsonl"));

    assertEquals(1, problems.size(), problems.toString());
    assertTrue(
        problems.getFirst().message().startsWith("line 4 of 'lines.jsonl' is an array"),
        problems.toString());
  }

  @Test
  void brokenJsonIsAProblemWithItsLineAndColumn() throws Exception {
    write("broken.json", "[{\"id\": 1},\n {\"id\": }]");

    List<ConfigProblem> problems = problemsOf(Map.of("file", "broken.json"));

    assertEquals(1, problems.size(), problems.toString());
    assertTrue(
        problems.getFirst().message().startsWith("'broken.json' is not valid JSON at line 2"),
        problems.toString());
  }

  @Test
  void aKeyGivenTwiceIsAProblem() throws Exception {
    write("twice.json", "[{\"id\": 1, \"id\": 2}]");

    List<ConfigProblem> problems = problemsOf(Map.of("file", "twice.json"));

    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.getFirst().message().contains("'id'"), problems.toString());
  }

  @Test
  void emptyFilesArraysAndOtherValuesAreProblems() throws Exception {
    write("empty.json", "  \n");
    write("none.json", "[]");
    write("number.json", "42");

    assertEquals(
        List.of(
            new ConfigProblem(
                PATH + ".file",
                "'empty.json' is empty; write an array of objects or one object per line")),
        problemsOf(Map.of("file", "empty.json")));
    assertEquals(
        List.of(
            new ConfigProblem(
                PATH + ".file", "'none.json' is an empty array; add at least one object to it")),
        problemsOf(Map.of("file", "none.json")));
    assertEquals(
        List.of(
            new ConfigProblem(
                PATH + ".file",
                "'number.json' must hold an array of objects or one object per line (JSON"
                    + " lines), but it starts with '4'")),
        problemsOf(Map.of("file", "number.json")));
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsPath() throws Exception {
    Path outside = Files.writeString(dataDirectory.resolve("secret.json"), "[{\"id\": 1}]");
    Path base = Files.createDirectory(dataDirectory.resolve("data"));
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("file", "../secret.json");
    settings.put("strategy", "sorted");
    settings.put("onExhausted", "retry");
    settings.put("seed", "abc");

    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> factory.create(PluginConfig.of(PATH, settings, base)));

    assertEquals(
        List.of(
            new ConfigProblem(
                PATH + ".file",
                "must stay inside the data directory, but '../secret.json' leads outside it"),
            new ConfigProblem(
                PATH + ".strategy",
                "must be one of [circular, queue, random, shuffle], was 'sorted'"),
            new ConfigProblem(
                PATH + ".onExhausted",
                "must be one of [stop-run, stop-user, recycle], was 'retry'"),
            new ConfigProblem(PATH + ".seed", "must be a whole number such as 42, was 'abc'")),
        e.problems());
    assertTrue(Files.exists(outside));
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(dataDirectory.resolve(name), content, StandardCharsets.UTF_8);
  }

  private Feeder create(Map<String, ?> settings) throws InvalidConfigException {
    return factory.create(PluginConfig.of(PATH, settings, dataDirectory));
  }

  private List<ConfigProblem> problemsOf(Map<String, ?> settings) {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> factory.create(PluginConfig.of(PATH, settings, dataDirectory)));
    return e.problems();
  }
}
