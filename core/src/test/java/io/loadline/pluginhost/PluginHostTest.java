package io.loadline.pluginhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.loadline.spi.FeederFactory;
import io.loadline.spi.PluginKind;
import io.loadline.spi.RateModelFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class PluginHostTest {

  private static final ClassLoader TEST_CLASSPATH = PluginHostTest.class.getClassLoader();

  @TempDir Path workDirectory;

  private Path pluginsDirectory;
  private PluginJars jars;

  @BeforeEach
  void createPluginsDirectory() throws IOException {
    pluginsDirectory = Files.createDirectory(workDirectory.resolve("plugins"));
    jars = new PluginJars(workDirectory);
  }

  @Test
  void aPluginJarInThePluginsDirectoryIsDiscoveredWithItsSourceJarAndVersion() throws Exception {
    Path jar =
        jars.rateModelJar(
            pluginsDirectory.resolve("burst.jar"), "com.example.burst", "Burst", "burst", "1.2.3");

    ListAppender<ILoggingEvent> log = captureLog();
    PluginRegistry registry;
    try {
      registry = PluginHost.discover(TEST_CLASSPATH, pluginsDirectory);
    } finally {
      stopCapturing(log);
    }

    PluginDescriptor burst = only(registry, PluginKind.RATE_MODEL, "burst");
    assertEquals(jar.toAbsolutePath().toString(), burst.source());
    assertEquals("1.2.3", burst.version());
    assertEquals("com.example.burst.Burst", burst.factory().getClass().getName());
    assertEquals(List.of(), burst.options(), "a plugin that declares no options has none");
    assertTrue(registry.rateModel("burst").isPresent());
    assertTrue(
        log.list.stream()
            .anyMatch(
                event ->
                    event
                        .getFormattedMessage()
                        .equals("Plugin rate-model 'burst' version 1.2.3 from " + jar)),
        "the plugin is listed in the log");
  }

  @Test
  void twoJarsWithTheSameIdFailDiscoveryNamingBothJars() throws Exception {
    jars.rateModelJar(pluginsDirectory.resolve("first.jar"), "com.one", "Same", "same", "1");
    jars.rateModelJar(pluginsDirectory.resolve("second.jar"), "com.two", "Same", "same", "2");

    DuplicatePluginException e =
        assertThrows(
            DuplicatePluginException.class,
            () -> PluginHost.discover(TEST_CLASSPATH, pluginsDirectory));

    assertTrue(e.getMessage().contains("first.jar"), e.getMessage());
    assertTrue(e.getMessage().contains("second.jar"), e.getMessage());
    assertTrue(e.getMessage().contains("com.one.Same"), e.getMessage());
    assertTrue(e.getMessage().contains("com.two.Same"), e.getMessage());
  }

  @Test
  void aJarReusingTheIdOfAClasspathPluginFailsDiscoveryNamingBoth() throws Exception {
    Path source = workDirectory.resolve("CopyCat.java");
    Files.writeString(
        source,
        """
        package com.copy;

        public final class CopyCat implements io.loadline.spi.FeederFactory {
          public String id() { return "csv"; }
          public String description() { return "Another csv feeder."; }
          public io.loadline.spi.Feeder create(io.loadline.spi.PluginConfig config) {
            return java.util.Map::of;
          }
        }
        """);
    jars.build(
        pluginsDirectory.resolve("copycat.jar"),
        List.of(source),
        Map.of("META-INF/services/" + FeederFactory.class.getName(), "com.copy.CopyCat\n"),
        "9");

    DuplicatePluginException e =
        assertThrows(
            DuplicatePluginException.class,
            () -> PluginHost.discover(TEST_CLASSPATH, pluginsDirectory));

    assertTrue(e.getMessage().contains("copycat.jar"), e.getMessage());
    assertTrue(e.getMessage().contains("io.loadline.plugins.csv.CsvFeederFactory"));
  }

  @Test
  void aMissingPluginsDirectoryGivesJustTheClasspathPlugins() {
    PluginRegistry registry =
        PluginHost.discover(TEST_CLASSPATH, workDirectory.resolve("no-such-directory"));

    PluginDescriptor csv = only(registry, PluginKind.FEEDER, "csv");
    assertFalse(csv.source().isBlank());
    assertEquals(classpathPlugins(), registry.plugins().size());
  }

  @Test
  void anEmptyPluginsDirectoryGivesJustTheClasspathPlugins() throws IOException {
    Files.writeString(pluginsDirectory.resolve("README.txt"), "not a jar, ignored");

    PluginRegistry registry = PluginHost.discover(TEST_CLASSPATH, pluginsDirectory);

    only(registry, PluginKind.FEEDER, "csv");
    assertEquals(classpathPlugins(), registry.plugins().size());
  }

  @Test
  void aJarRepeatingAClasspathServicesEntryDoesNotReportThatPluginTwice() throws Exception {
    jars.build(
        pluginsDirectory.resolve("repeat.jar"),
        List.of(),
        Map.of(
            "META-INF/services/" + FeederFactory.class.getName(),
            "io.loadline.plugins.csv.CsvFeederFactory\n"),
        "1");

    PluginRegistry registry = PluginHost.discover(TEST_CLASSPATH, pluginsDirectory);

    PluginDescriptor csv = only(registry, PluginKind.FEEDER, "csv");
    assertFalse(csv.source().endsWith("repeat.jar"), csv.source());
    assertEquals(classpathPlugins(), registry.plugins().size());
  }

  @Test
  void aBrokenJarIsAStartUpErrorNamingTheJar() throws IOException {
    Files.writeString(pluginsDirectory.resolve("broken.jar"), "this is not a zip file");

    PluginLoadException e =
        assertThrows(
            PluginLoadException.class, () -> PluginHost.discover(TEST_CLASSPATH, pluginsDirectory));

    assertTrue(e.getMessage().startsWith("Cannot read the plugin jar "), e.getMessage());
    assertTrue(e.getMessage().contains("broken.jar"), e.getMessage());
  }

  @Test
  void aServicesEntryNamingAMissingClassIsAStartUpErrorNamingTheJar() throws Exception {
    jars.build(
        pluginsDirectory.resolve("hollow.jar"),
        List.of(),
        Map.of("META-INF/services/" + RateModelFactory.class.getName(), "com.gone.Missing\n"),
        "1");

    PluginLoadException e =
        assertThrows(
            PluginLoadException.class, () -> PluginHost.discover(TEST_CLASSPATH, pluginsDirectory));

    assertTrue(e.getMessage().contains("hollow.jar"), e.getMessage());
    assertTrue(e.getMessage().contains("com.gone.Missing"), e.getMessage());
  }

  @Test
  void aPluginIdThatIsNotLowerCaseWordsIsAStartUpError() throws Exception {
    jars.rateModelJar(pluginsDirectory.resolve("shouty.jar"), "com.shout", "Loud", "Burst", "1");

    PluginLoadException e =
        assertThrows(
            PluginLoadException.class, () -> PluginHost.discover(TEST_CLASSPATH, pluginsDirectory));

    assertTrue(e.getMessage().contains("'Burst'"), e.getMessage());
    assertTrue(e.getMessage().contains("shouty.jar"), e.getMessage());
  }

  @Test
  void aPluginWhoseOptionListFailsIsAStartUpErrorNamingItsJar() throws Exception {
    Path sources = Files.createDirectory(workDirectory.resolve("broken-src"));
    Path source = sources.resolve("Broken.java");
    String factory =
        PluginJars.rateModelSource("com.broken", "Broken", "broken")
            .replace(
                "  @Override\n  public String description()",
                "  @Override\n  public java.util.List<io.loadline.spi.PluginOption> options() {\n"
                    + "    throw new IllegalStateException(\"options not ready\");\n  }\n\n"
                    + "  @Override\n  public String description()");
    Files.writeString(source, factory);
    jars.build(
        pluginsDirectory.resolve("broken.jar"),
        List.of(source),
        Map.of("META-INF/services/" + RateModelFactory.class.getName(), "com.broken.Broken\n"),
        "1");

    PluginLoadException e =
        assertThrows(
            PluginLoadException.class, () -> PluginHost.discover(TEST_CLASSPATH, pluginsDirectory));

    assertTrue(e.getMessage().contains("broken.jar"), e.getMessage());
    assertTrue(e.getMessage().contains("options not ready"), e.getMessage());
  }

  @Test
  void aPluginsPathThatIsAFileIsAStartUpError() throws IOException {
    Path file = Files.writeString(workDirectory.resolve("plugins.txt"), "");

    PluginLoadException e =
        assertThrows(PluginLoadException.class, () -> PluginHost.discover(TEST_CLASSPATH, file));

    assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
  }

  /** How many plugins the test classpath offers, whichever built-ins exist in this build. */
  private static int classpathPlugins() {
    int count = 0;
    for (Class<?> type :
        List.of(
            RateModelFactory.class, io.loadline.spi.ProtocolFactory.class, FeederFactory.class)) {
      count += (int) java.util.ServiceLoader.load(type, TEST_CLASSPATH).stream().count();
    }
    return count;
  }

  private static PluginDescriptor only(PluginRegistry registry, PluginKind kind, String id) {
    List<PluginDescriptor> matching =
        registry.plugins().stream().filter(p -> p.kind() == kind && p.id().equals(id)).toList();
    assertEquals(1, matching.size(), registry.toString());
    return matching.getFirst();
  }

  private static ListAppender<ILoggingEvent> captureLog() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(PluginHost.class)).addAppender(appender);
    return appender;
  }

  private static void stopCapturing(ListAppender<ILoggingEvent> appender) {
    ((Logger) LoggerFactory.getLogger(PluginHost.class)).detachAppender(appender);
    appender.stop();
  }
}
