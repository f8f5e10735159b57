package io.loadline.pluginhost;

import io.loadline.spi.FeederFactory;
import io.loadline.spi.PluginFactory;
import io.loadline.spi.PluginKind;
import io.loadline.spi.PluginOption;
import io.loadline.spi.ProtocolFactory;
import io.loadline.spi.RateModelFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the plugins of one process at start-up: the factories on the classpath and those in every
 * {@code *.jar} of a plugins directory, all through {@link ServiceLoader}.
 *
 * <p>Each plugin jar gets its own {@link URLClassLoader} whose parent is the given class loader, so
 * a plugin sees the SPI (and whatever the parent offers) and the source of each factory is known
 * exactly. Because such a loader delegates to its parent first, its {@code ServiceLoader} also sees
 * the classpath's services; only providers whose class that jar's loader defined itself are counted
 * for the jar, so no classpath plugin is reported twice.
 *
 * <p>Every failure is a start-up error: an unreadable or broken jar ({@link PluginLoadException},
 * naming the jar), a services entry that cannot be loaded or instantiated, a factory whose id is
 * not of the form {@code [a-z][a-z0-9-]*} or whose kind contradicts its interface, and two plugins
 * of the same kind and id ({@link DuplicatePluginException}, naming both classes and sources).
 *
 * <p>Ownership: the class loaders of plugin jars stay open for the rest of the process, since the
 * returned registry's factories live in them; they are closed only when discovery fails. Stateless
 * and thread-safe: it holds nothing between calls.
 */
public final class PluginHost {

  /** The source named for a factory whose jar or directory cannot be told. */
  public static final String CLASSPATH_SOURCE = "classpath";

  private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
  private static final Pattern PLUGIN_ID = Pattern.compile("[a-z][a-z0-9-]*");
  private static final List<FactoryType> FACTORY_TYPES =
      List.of(
          new FactoryType(RateModelFactory.class, PluginKind.RATE_MODEL),
          new FactoryType(ProtocolFactory.class, PluginKind.PROTOCOL),
          new FactoryType(FeederFactory.class, PluginKind.FEEDER));

  private PluginHost() {}

  /**
   * Discovers every plugin visible from {@code parent} and in the plugins directory, and logs each
   * at INFO (kind, id, version, source).
   *
   * @param parent the class loader that sees the SPI and the built-in plugins; the parent of every
   *     plugin jar's class loader
   * @param pluginsDirectory the directory of plugin jars; a missing directory means no jars
   * @return the registry of every plugin found
   * @throws PluginLoadException when a jar or a factory cannot be loaded
   * @throws DuplicatePluginException when two plugins share a kind and id
   */
  public static PluginRegistry discover(ClassLoader parent, Path pluginsDirectory) {
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(pluginsDirectory, "pluginsDirectory");
    List<PluginDescriptor> found = new ArrayList<>(fromClasspath(parent));
    List<URLClassLoader> jarLoaders = new ArrayList<>();
    try {
      // Each jar on its own loader, so each factory's source is exactly one jar.
      for (Path jar : pluginJars(pluginsDirectory)) {
        URLClassLoader loader = openJar(jar, parent);
        jarLoaders.add(loader);
        found.addAll(fromJar(jar, loader));
      }
      PluginRegistry registry = new PluginRegistry(found);
      registry.plugins().forEach(PluginHost::logPlugin);
      LOG.info("Loaded {} plugin(s)", registry.plugins().size());
      return registry;
    } catch (RuntimeException e) {
      closeAll(jarLoaders, e);
      throw e;
    }
  }

  private static List<PluginDescriptor> fromClasspath(ClassLoader parent) {
    List<PluginDescriptor> found = new ArrayList<>();
    for (FactoryType type : FACTORY_TYPES) {
      found.addAll(load(type, parent, providerType -> true, null));
    }
    return found;
  }

  private static List<PluginDescriptor> fromJar(Path jar, URLClassLoader loader) {
    // A loader delegates to its parent first: keep only the classes this jar defines.
    Predicate<Class<?>> definedByJar = providerType -> providerType.getClassLoader() == loader;
    List<PluginDescriptor> found = new ArrayList<>();
    for (FactoryType type : FACTORY_TYPES) {
      found.addAll(load(type, loader, definedByJar, jar));
    }
    if (found.isEmpty()) {
      LOG.warn(
          "The plugin jar {} holds no Loadline plugin (no META-INF/services entry for a"
              + " RateModelFactory, ProtocolFactory or FeederFactory); it is ignored",
          jar);
    }
    return found;
  }

  private static List<PluginDescriptor> load(
      FactoryType type, ClassLoader loader, Predicate<Class<?>> accept, Path jar) {
    String where = jar == null ? "the classpath" : "the plugin jar " + jar;
    List<PluginDescriptor> found = new ArrayList<>();
    try {
      for (ServiceLoader.Provider<? extends PluginFactory<?>> provider :
          ServiceLoader.load(type.type(), loader).stream().toList()) {
        if (accept.test(provider.type())) {
          PluginFactory<?> factory = provider.get();
          String source = jar == null ? sourceOf(factory.getClass()) : jar.toString();
          found.add(checked(new PluginDescriptor(factory, source), type));
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new PluginLoadException(
          "Cannot load a "
              + type.kind().label()
              + " plugin from "
              + where
              + ": "
              + e.getMessage()
              + ". Loadline did not start; fix the META-INF/services entry or remove the jar.",
          e);
    }
    return found;
  }

  private static PluginDescriptor checked(PluginDescriptor plugin, FactoryType type) {
    String className = plugin.factory().getClass().getName();
    if (plugin.kind() != type.kind()) {
      throw new PluginLoadException(
          "The plugin "
              + className
              + " from "
              + plugin.source()
              + " implements "
              + type.type().getSimpleName()
              + " but says its kind is "
              + plugin.kind()
              + ". Loadline did not start; do not override kind() in a plugin factory.");
    }
    String id = plugin.id();
    if (id == null || !PLUGIN_ID.matcher(id).matches()) {
      throw new PluginLoadException(
          "The "
              + type.kind().label()
              + " plugin "
              + className
              + " from "
              + plugin.source()
              + " has the id '"
              + id
              + "'; an id must match [a-z][a-z0-9-]* (such as burst-every)."
              + " Loadline did not start; fix the plugin or remove its jar.");
    }
    checkOptions(plugin, type);
    return plugin;
  }

  /** The option list is shown on every plugin page, so a broken one stops the start-up here. */
  private static void checkOptions(PluginDescriptor plugin, FactoryType type) {
    RuntimeException failure = null;
    try {
      List<PluginOption> options = plugin.options();
      if (options != null && options.stream().noneMatch(Objects::isNull)) {
        return;
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    throw new PluginLoadException(
        "The "
            + type.kind().label()
            + " plugin "
            + plugin.id()
            + " from "
            + plugin.source()
            + " could not list its options ("
            + (failure == null ? "options() gave null or a null element" : failure.toString())
            + "). Loadline did not start; fix the plugin's options() or remove its jar.",
        failure);
  }

  private static List<Path> pluginJars(Path pluginsDirectory) {
    if (!Files.exists(pluginsDirectory)) {
      LOG.info(
          "No plugins directory at {}; only the plugins on the classpath are loaded",
          pluginsDirectory.toAbsolutePath());
      return List.of();
    }
    if (!Files.isDirectory(pluginsDirectory)) {
      throw new PluginLoadException(
          "The plugins directory "
              + pluginsDirectory.toAbsolutePath()
              + " is not a directory. Loadline did not start; point the plugins directory"
              + " setting at a directory of plugin jars.");
    }
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(pluginsDirectory, "*.jar")) {
      for (Path entry : entries) {
        if (Files.isRegularFile(entry)) {
          jars.add(entry.toAbsolutePath().normalize());
        }
      }
    } catch (IOException e) {
      throw new PluginLoadException(
          "Cannot list the plugins directory "
              + pluginsDirectory.toAbsolutePath()
              + ": "
              + e
              + ". Loadline did not start; make the directory readable.",
          e);
    }
    jars.sort(Comparator.comparing(Path::toString));
    LOG.info("Found {} plugin jar(s) in {}", jars.size(), pluginsDirectory.toAbsolutePath());
    return jars;
  }

  private static URLClassLoader openJar(Path jar, ClassLoader parent) {
    // Opening it as a jar first turns a truncated or foreign file into a clear error.
    try (JarFile ignored = new JarFile(jar.toFile())) {
      URL[] urls = {jar.toUri().toURL()};
      return new URLClassLoader("loadline-plugin:" + jar.getFileName(), urls, parent);
    } catch (IOException e) {
      throw new PluginLoadException(
          "Cannot read the plugin jar "
              + jar
              + ": "
              + e
              + ". Loadline did not start; replace it with a working build or remove it"
              + " from the plugins directory.",
          e);
    }
  }

  /** The jar or directory a classpath factory's class was loaded from, if the JVM tells. */
  private static String sourceOf(Class<?> factoryClass) {
    CodeSource codeSource = factoryClass.getProtectionDomain().getCodeSource();
    if (codeSource == null || codeSource.getLocation() == null) {
      return CLASSPATH_SOURCE;
    }
    try {
      return Path.of(codeSource.getLocation().toURI()).toString();
    } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
      return CLASSPATH_SOURCE;
    }
  }

  private static void logPlugin(PluginDescriptor plugin) {
    LOG.info(
        "Plugin {} '{}' version {} from {}",
        plugin.kind().label(),
        plugin.id(),
        plugin.version(),
        plugin.source());
  }

  private static void closeAll(List<URLClassLoader> loaders, RuntimeException failure) {
    for (URLClassLoader loader : loaders) {
      try {
        loader.close();
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }

  /** A factory interface and the kind its implementations must report. */
  private record FactoryType(Class<? extends PluginFactory<?>> type, PluginKind kind) {}
}
