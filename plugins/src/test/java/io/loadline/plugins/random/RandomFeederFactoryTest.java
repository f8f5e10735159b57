package io.loadline.plugins.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.spi.ConfigProblem;
import io.loadline.spi.Feeder;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.PluginConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RandomFeederFactoryTest {

  private static final String PATH = "scenarios[0].feeder";

  /** The fields: {id: uuid, age: {int: [18, 90]}, colour: {pick: [red, green]}, ...}. */
  private static final Map<String, Object> FIELDS = fields();

  private final RandomFeederFactory factory = new RandomFeederFactory();

  @Test
  void everyFieldIsGeneratedWithinItsDeclaration() throws Exception {
    Feeder feeder = create(Map.of("fields", FIELDS));

    Set<String> ids = new HashSet<>();
    Set<String> colours = new HashSet<>();
    Set<Integer> ages = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      Map<String, String> record = feeder.next();
      assertEquals(List.of("id", "age", "colour", "token"), List.copyOf(record.keySet()));
      UUID id = UUID.fromString(record.get("id"));
      assertEquals(4, id.version());
      ids.add(record.get("id"));
      int age = Integer.parseInt(record.get("age"));
      assertTrue(age >= 18 && age <= 90, "age " + age);
      ages.add(age);
      colours.add(record.get("colour"));
      assertTrue(Pattern.matches("[A-Za-z0-9]{16}", record.get("token")), record.get("token"));
    }
    assertEquals(2_000, ids.size(), "uuids repeat");
    assertEquals(Set.of("red", "green"), colours);
    assertTrue(ages.contains(18) && ages.contains(90), "both ends are reachable: " + ages);
    assertEquals(73, ages.size(), "every age from 18 to 90");
  }

  @Test
  void aSeedGivesTheSameRecordsInEveryRunAndAnotherSeedOthers() throws Exception {
    List<Map<String, String>> once = draw(create(Map.of("fields", FIELDS, "seed", 42)), 50);
    List<Map<String, String>> again = draw(create(Map.of("fields", FIELDS, "seed", "42")), 50);
    List<Map<String, String>> other = draw(create(Map.of("fields", FIELDS, "seed", 43)), 50);

    assertEquals(once, again);
    assertNotEquals(once, other);
  }

  @Test
  void withoutASeedTwoFeedersDiffer() throws Exception {
    assertNotEquals(
        draw(create(Map.of("fields", FIELDS)), 5), draw(create(Map.of("fields", FIELDS)), 5));
  }

  @Test
  void itNeverRunsOutAndKnowsItsFieldNames() throws Exception {
    Feeder feeder = create(Map.of("fields", Map.of("n", Map.of("int", List.of(1, 1)))));

    for (int i = 0; i < 10_000; i++) {
      assertEquals("1", feeder.next().get("n"));
    }
    assertEquals(Optional.of(Set.of("n")), feeder.fieldNames());
  }

  @Test
  void everyWrongFieldIsAProblemAtItsPath() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("a", "guid");
    fields.put("b", Map.of("int", List.of(90, 18)));
    fields.put("c", Map.of("int", List.of(1, 2.5)));
    fields.put("d", Map.of("pick", List.of()));
    fields.put("e", Map.of("string", 0));
    fields.put("f", Map.of("pick", List.of("x", Map.of("y", 1))));
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("fields", fields);
    settings.put("seed", 1.5);
    settings.put("strategy", "queue");

    List<ConfigProblem> problems = problemsOf(settings);

    String f = PATH + ".fields.";
    assertEquals(
        List.of(
            new ConfigProblem(
                PATH + ".strategy", "is not a known option; known options are [fields, seed]"),
            new ConfigProblem(
                f + "a",
                "must be one of uuid, {int: [min, max]}, {pick: [a, b]} or {string: length},"
                    + " was guid"),
            new ConfigProblem(f + "b.int", "the smallest value comes first: 90 is above 18"),
            new ConfigProblem(
                f + "c.int",
                "must be a list of two whole numbers, the smallest and the largest, such as"
                    + " [18, 90], each between -10^18 and 10^18, was [1, 2.5]"),
            new ConfigProblem(
                f + "d.pick", "must be a non-empty list of values to pick from, was []"),
            new ConfigProblem(
                f + "e.string", "must be a whole number of characters from 1 to 10000, was 0"),
            new ConfigProblem(f + "f.pick[1]", "must be a text, number or boolean, was {y=1}"),
            new ConfigProblem(PATH + ".seed", "must be a whole number such as 42, was '1.5'")),
        problems);
  }

  @Test
  void fieldsAreRequired() {
    assertEquals(
        List.of(
            new ConfigProblem(
                PATH + ".fields",
                "is required: a map of field names to generators, such as {id: uuid}")),
        problemsOf(Map.of()));
  }

  private static Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("id", "uuid");
    fields.put("age", Map.of("int", List.of(18, 90)));
    fields.put("colour", Map.of("pick", List.of("red", "green")));
    fields.put("token", Map.of("string", 16));
    return fields;
  }

  private Feeder create(Map<String, ?> settings) throws InvalidConfigException {
    return factory.create(PluginConfig.of(PATH, settings, Path.of(".")));
  }

  private List<ConfigProblem> problemsOf(Map<String, ?> settings) {
    return assertThrows(InvalidConfigException.class, () -> create(settings)).problems();
  }

  private static List<Map<String, String>> draw(Feeder feeder, int count) {
    List<Map<String, String>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(feeder.next());
    }
    return records;
  }
}
