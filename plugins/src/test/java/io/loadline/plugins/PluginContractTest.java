package io.loadline.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.loadline.spi.ConfigProblem;
import io.loadline.spi.FeederFactory;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PluginFactory;
import io.loadline.spi.PluginKind;
import io.loadline.spi.PluginOption;
import io.loadline.spi.ProtocolFactory;
import io.loadline.spi.RateModelFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules every plugin must keep, checked for each factory that {@link ServiceLoader} finds on
 * the test classpath: the built-ins, and any plugin a later build adds. Each plugin is one case of
 * each rule.
 */
class PluginContractTest {

  private static final Pattern PLUGIN_ID = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Map<Class<?>, PluginKind> KIND_OF_INTERFACE =
      Map.of(
          RateModelFactory.class, PluginKind.RATE_MODEL,
          ProtocolFactory.class, PluginKind.PROTOCOL,
          FeederFactory.class, PluginKind.FEEDER);
  private static final String CONFIG_PATH = "scenarios[3].somewhere";
  private static final String PROBE_KEY = "noSuchOptionProbe";
  private static final Pattern KNOWN_OPTIONS = Pattern.compile("known options are \\[([^\\]]*)\\]");

  @TempDir Path dataDirectory;

  static Stream<Named<Found>> plugins() {
    return Stream.of(RateModelFactory.class, ProtocolFactory.class, FeederFactory.class)
        .flatMap(PluginContractTest::load)
        .map(found -> Named.of(found.factory().kind().label() + " " + found.factory().id(), found));
  }

  private static Stream<Found> load(Class<? extends PluginFactory<?>> type) {
    return ServiceLoader.load(type).stream().map(provider -> new Found(type, provider.get()));
  }

  @Test
  void theBuiltInCsvFeederIsAmongThePluginsChecked() {
    assertTrue(plugins().anyMatch(named -> named.getPayload().factory().id().equals("csv")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plugins")
  void theIdIsLowerCaseWordsJoinedByHyphens(Found plugin) {
    String id = plugin.factory().id();
    assertNotNull(id);
    assertTrue(PLUGIN_ID.matcher(id).matches(), "id '" + id + "' must match " + PLUGIN_ID);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plugins")
  void theDescriptionIsNotBlank(Found plugin) {
    String description = plugin.factory().description();
    assertNotNull(description);
    assertFalse(description.isBlank());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plugins")
  void theKindMatchesTheInterfaceItIsRegisteredUnder(Found plugin) {
    assertEquals(KIND_OF_INTERFACE.get(plugin.registeredAs()), plugin.factory().kind());
    assertTrue(plugin.registeredAs().isInstance(plugin.factory()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plugins")
  void anEmptyConfigIsEitherUsableOrRejectedWithProblemsInsideTheConfigsPath(Found plugin)
      throws Exception {
    PluginConfig config = PluginConfig.of(CONFIG_PATH, Map.of(), dataDirectory);
    try {
      closeIfNeeded(plugin.factory().create(config));
    } catch (InvalidConfigException e) {
      assertFalse(e.problems().isEmpty());
      for (ConfigProblem problem : e.problems()) {
        assertTrue(
            problem.path().startsWith(CONFIG_PATH + "."),
            "problem outside the config's path: " + problem);
        assertFalse(problem.message().isBlank(), "a problem without a message: " + problem);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plugins")
  void anUnknownOptionIsAProblemAtItsPath(Found plugin) throws Exception {
    PluginConfig config = PluginConfig.of(CONFIG_PATH, Map.of("noSuchOption", 1), dataDirectory);
    try {
      closeIfNeeded(plugin.factory().create(config));
      fail("an unknown option was accepted without a problem");
    } catch (InvalidConfigException e) {
      List<String> paths = e.problems().stream().map(ConfigProblem::path).toList();
      assertTrue(paths.contains(CONFIG_PATH + ".noSuchOption"), paths.toString());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plugins")
  void theDeclaredOptionsAreExactlyTheOptionsTheFactoryAccepts(Found plugin) throws Exception {
    List<PluginOption> options = plugin.factory().options();
    assertFalse(options.isEmpty(), "a built-in plugin declares its options");
    for (String level : levels(options)) {
      Set<String> declared = namesAt(options, level);
      Set<String> accepted = acceptedNamesAt(plugin.factory(), level);
      assertEquals(declared, accepted, "the options at '" + level + "' (declared vs accepted)");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plugins")
  void everyDeclaredOptionIsReadAndChecked(Found plugin) throws Exception {
    for (PluginOption option : plugin.factory().options()) {
      Map<String, Object> wrongValue = Map.of("notAValidValue", List.of());
      List<ConfigProblem> problems =
          problems(plugin.factory(), valuesFor(option.name(), wrongValue));
      assertTrue(
          problems.stream().anyMatch(p -> isAt(p, option.name())),
          option.name()
              + " accepted a map of lists without a problem, so it is not read: "
              + problems);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plugins")
  void aMissingOptionIsAProblemExactlyWhenItIsDeclaredRequired(Found plugin) throws Exception {
    for (PluginOption option : plugin.factory().options()) {
      String parent = parentList(option.name());
      Map<String, Object> values = parent.isEmpty() ? Map.of() : Map.of(parent, List.of(Map.of()));
      boolean problemAtOption =
          problems(plugin.factory(), values).stream().anyMatch(p -> isAt(p, option.name()));
      assertEquals(option.required(), problemAtOption, option.name() + " left out");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plugins")
  void everyDeclaredDefaultIsAnAcceptedValue(Found plugin) throws Exception {
    for (PluginOption option : plugin.factory().options()) {
      if (option.defaultValue() != null) {
        List<ConfigProblem> problems =
            problems(plugin.factory(), valuesFor(option.name(), option.defaultValue()));
        assertFalse(
            problems.stream().anyMatch(p -> isAt(p, option.name())),
            option.name()
                + " refused its own default '"
                + option.defaultValue()
                + "': "
                + problems);
      }
    }
  }

  /** The problems {@code create} reports for these values; none if it succeeds. */
  private List<ConfigProblem> problems(PluginFactory<?> factory, Map<String, Object> values)
      throws Exception {
    try {
      closeIfNeeded(factory.create(PluginConfig.of(CONFIG_PATH, values, dataDirectory)));
      return List.of();
    } catch (InvalidConfigException e) {
      return e.problems();
    }
  }

  /**
   * The keys the factory accepts at a level ({@code ""} for the top, {@code stages[]} inside each
   * element of {@code stages}), read from the problem {@link PluginConfig#rejectUnknownKeys} gives
   * an unknown key: that list is what a plan may use, so every key read must be in it.
   */
  private Set<String> acceptedNamesAt(PluginFactory<?> factory, String level) throws Exception {
    String probeName = level.isEmpty() ? PROBE_KEY : level + "." + PROBE_KEY;
    for (ConfigProblem problem : problems(factory, valuesFor(probeName, 1))) {
      Matcher known = KNOWN_OPTIONS.matcher(problem.message());
      if (isAt(problem, probeName) && known.find()) {
        return known.group(1).isBlank() ? Set.of() : Set.of(known.group(1).split(",\\s*"));
      }
    }
    throw new AssertionError(factory.id() + " accepted the unknown key " + probeName);
  }

  /** Plan values setting one option, such as {@code stages[].rate} inside a one-element list. */
  private static Map<String, Object> valuesFor(String optionName, Object value) {
    String parent = parentList(optionName);
    if (parent.isEmpty()) {
      return Map.of(optionName, value);
    }
    String key = optionName.substring(parent.length() + "[].".length());
    return Map.of(parent, List.of(Map.of(key, value)));
  }

  /** Whether the problem is at the option's path (element 0 of a list) or inside it. */
  private static boolean isAt(ConfigProblem problem, String optionName) {
    String path = CONFIG_PATH + "." + optionName.replace("[]", "[0]");
    return problem.path().equals(path)
        || problem.path().startsWith(path + ".")
        || problem.path().startsWith(path + "[");
  }

  private static String parentList(String optionName) {
    int bracket = optionName.indexOf("[].");
    return bracket < 0 ? "" : optionName.substring(0, bracket);
  }

  private static Set<String> levels(List<PluginOption> options) {
    Set<String> levels = new TreeSet<>(Set.of(""));
    options.forEach(
        o -> levels.add(parentList(o.name()).isEmpty() ? "" : parentList(o.name()) + "[]"));
    return levels;
  }

  private static Set<String> namesAt(List<PluginOption> options, String level) {
    Set<String> names = new TreeSet<>();
    for (PluginOption option : options) {
      String parent = parentList(option.name());
      if (level.isEmpty() && parent.isEmpty()) {
        names.add(option.name());
      } else if (!parent.isEmpty() && level.equals(parent + "[]")) {
        names.add(option.name().substring(level.length() + 1));
      }
    }
    return names;
  }

  private static void closeIfNeeded(Object created) throws Exception {
    if (created instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  /** A factory and the service interface it was registered under. */
  record Found(Class<? extends PluginFactory<?>> registeredAs, PluginFactory<?> factory) {}
}
