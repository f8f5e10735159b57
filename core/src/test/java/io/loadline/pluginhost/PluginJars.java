package io.loadline.pluginhost;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.spi.RateModelFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds real plugin jars for tests: compiles Java sources against the plugin SPI on the test
 * classpath with the system compiler and packs the classes, the services files and a manifest.
 */
final class PluginJars {

  private final Path workDirectory;

  /** Builds jars using scratch space under {@code workDirectory} (sources and classes). */
  PluginJars(Path workDirectory) {
    this.workDirectory = workDirectory;
  }

  /** The source of a rate-model factory with the given class name and plugin id. */
  static String rateModelSource(String packageName, String className, String id) {
    return """
        package %s;

        public final class %s implements io.loadline.spi.RateModelFactory {
          @Override
          public String id() {
            return "%s";
          }

          @Override
          public String description() {
            return "A rate model compiled by a test.";
          }

          @Override
          public io.loadline.spi.ArrivalSchedule create(io.loadline.spi.PluginConfig config) {
            throw new UnsupportedOperationException("only discovered, never run");
          }
        }
        """
        .formatted(packageName, className, id);
  }

  /**
   * Builds a jar with one rate-model factory, registered in its services file.
   *
   * @param version the manifest's Implementation-Version
   */
  Path rateModelJar(Path jar, String packageName, String className, String id, String version)
      throws IOException {
    String qualifiedName = packageName + "." + className;
    Path sources = Files.createTempDirectory(workDirectory, "src");
    Path source = sources.resolve(className + ".java");
    Files.writeString(source, rateModelSource(packageName, className, id));
    return build(
        jar,
        List.of(source),
        Map.of("META-INF/services/" + RateModelFactory.class.getName(), qualifiedName + "\n"),
        version);
  }

  /**
   * Compiles the sources against the SPI and writes a jar of the classes and the given resources.
   *
   * @param resources jar entry name to text content, such as services files
   */
  Path build(Path jar, List<Path> sources, Map<String, String> resources, String version)
      throws IOException {
    Path classes = Files.createTempDirectory(workDirectory, "classes");
    if (!sources.isEmpty()) {
      compile(sources, classes);
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      for (Path classFile : filesUnder(classes)) {
        out.putNextEntry(new JarEntry(classes.relativize(classFile).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(classFile));
        out.closeEntry();
      }
      for (Map.Entry<String, String> resource : resources.entrySet()) {
        out.putNextEntry(new JarEntry(resource.getKey()));
        out.write(resource.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return jar;
  }

  /** Every regular file under a directory, such as the sources of a project. */
  static List<Path> filesUnder(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static void compile(List<Path> sources, Path classes) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertNotNull(compiler, "the tests need a JDK, not a JRE");
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      List<String> options = new ArrayList<>();
      options.addAll(List.of("--release", "21", "-classpath", spiClasspath()));
      options.addAll(List.of("-d", classes.toString()));
      boolean compiled =
          compiler
              .getTask(
                  null,
                  files,
                  diagnostics,
                  options,
                  null,
                  files.getJavaFileObjectsFromPaths(sources))
              .call();
      assertTrue(compiled, "the test plugin does not compile: " + diagnostics.getDiagnostics());
    }
  }

  /** Where the SPI's classes are on the test classpath: a jar or a classes directory. */
  private static String spiClasspath() {
    try {
      return Path.of(
              RateModelFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
