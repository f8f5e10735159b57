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
import io.loadline.spi.ProtocolFactory;
import io.loadline.spi.RateModelFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
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

  private static void closeIfNeeded(Object created) throws Exception {
    if (created instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  /** A factory and the service interface it was registered under. */
  record Found(Class<? extends PluginFactory<?>> registeredAs, PluginFactory<?> factory) {}
}
