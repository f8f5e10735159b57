package io.loadline.plugins.http;

import com.github.mustachejava.Binding;
import com.github.mustachejava.Code;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.codes.ValueCode;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import java.io.StringReader;
import java.io.Writer;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles request text into {@link TextTemplate}s with mustache.java: one factory per {@link
 * Encoding}, and an object handler that reads each placeholder as a {@link TemplateExpression}
 * (variables and functions) parsed once, here. Sections and partials are refused, so a plan can
 * never make it read a file or test a name it never sends. It records the variable names each step
 * uses.
 *
 * <p>Used on the thread that prepares steps (one per protocol instance); the templates it makes are
 * thread-safe.
 */
final class TemplateCompiler {

  /** A {@code {{...}}} placeholder that is not a section, comment or partial tag. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(?![#^/!>&{=])(.*?)}}");

  /** A mustache section, inverted section, section end or partial tag: none is supported. */
  private static final Pattern SECTION = Pattern.compile("\\{\\{\\s*[#^/>].*?}}");

  private final ExpressionHandler handler = new ExpressionHandler();
  private final Map<Encoding, DefaultMustacheFactory> factories = new EnumMap<>(Encoding.class);
  private Set<String> names = new LinkedHashSet<>();

  TemplateCompiler() {
    for (Encoding encoding : Encoding.values()) {
      EncodingFactory factory = new EncodingFactory(encoding);
      factory.setObjectHandler(handler);
      factories.put(encoding, factory);
    }
  }

  /** Starts a new step: the names recorded so far are forgotten. */
  void startStep() {
    names = new LinkedHashSet<>();
  }

  /** The variable names the current step's templates read, in the order they first appear. */
  Set<String> namesOfStep() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(names));
  }

  /**
   * Compiles {@code text}.
   *
   * @param name a unique name for the template, its field path
   * @throws IllegalArgumentException with a message fit for a user when a placeholder is malformed
   */
  TextTemplate compile(String text, String name, Encoding encoding) {
    if (!text.contains("{{")) {
      return new TextTemplate.Literal(text);
    }
    Matcher section = SECTION.matcher(text);
    if (section.find()) {
      throw new IllegalArgumentException(
          section.group()
              + ": sections and partials ({{#name}}, {{^name}}, {{/name}}, {{>name}}) are not"
              + " supported; a placeholder holds a variable, a quoted text, a number or a"
              + " function call");
    }
    try {
      return new TextTemplate.Compiled(
          text, factories.get(encoding).compile(new StringReader(text), name));
    } catch (MustacheException e) {
      collectWellFormedNames(text);
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      throw new IllegalArgumentException(cause.getMessage(), e);
    }
  }

  /**
   * Records the names of the placeholders of {@code text} that parse, after mustache stopped at a
   * malformed one, so that one mistake does not hide the undefined variables beside it.
   */
  private void collectWellFormedNames(String text) {
    Matcher placeholder = PLACEHOLDER.matcher(text);
    while (placeholder.find()) {
      try {
        TemplateExpression.parse(placeholder.group(1).strip()).collectNames(names);
      } catch (IllegalArgumentException malformed) {
        // Reported already, by the compile that failed.
      }
    }
  }

  /**
   * Compiles a URL: placeholders in the scheme, host and port are written as they are (so a {@code
   * {{baseUrl}}} works), those in the path and query are percent-encoded.
   */
  TextTemplate compileUrl(String text, String name) {
    int split = originEnd(text);
    TextTemplate origin = compile(text.substring(0, split), name + "#origin", Encoding.RAW);
    TextTemplate rest = compile(text.substring(split), name, Encoding.URL);
    if (!origin.isTemplated() && !rest.isTemplated()) {
      return new TextTemplate.Literal(text);
    }
    return new TextTemplate.Joined(origin, rest);
  }

  /** Where the scheme and authority end: the first '/', '?' or '#' outside a placeholder. */
  static int originEnd(String url) {
    int schemeEnd = url.indexOf("://");
    int position =
        schemeEnd >= 0 && (url.indexOf("{{") < 0 || schemeEnd < url.indexOf("{{"))
            ? schemeEnd + 3
            : 0;
    int depth = 0;
    for (; position < url.length(); position++) {
      if (url.startsWith("{{", position)) {
        depth++;
        position++;
      } else if (url.startsWith("}}", position) && depth > 0) {
        depth--;
        position++;
      } else if (depth == 0 && "/?#".indexOf(url.charAt(position)) >= 0) {
        return position;
      }
    }
    return url.length();
  }

  /** A factory that writes {@code {{x}}} values in its encoding and resolves no partials. */
  private static final class EncodingFactory extends DefaultMustacheFactory {
    private final Encoding encoding;

    EncodingFactory(Encoding encoding) {
      super(resourceName -> null);
      this.encoding = encoding;
    }

    @Override
    public void encode(String value, Writer writer) {
      try {
        writer.write(encoding.encode(value));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** Reads every placeholder as an expression over the variables map (the last map scope). */
  private final class ExpressionHandler extends ReflectionObjectHandler {
    @Override
    public Binding createBinding(String name, TemplateContext context, Code code) {
      if (!(code instanceof ValueCode)) {
        // Sections and the template itself: mustache's own lookup (a missing name is false).
        return super.createBinding(name, context, code);
      }
      TemplateExpression expression;
      try {
        expression = TemplateExpression.parse(name);
      } catch (IllegalArgumentException e) {
        throw new MustacheException(e.getMessage(), e);
      }
      expression.collectNames(names);
      return scopes -> expression.evaluate(variables(scopes), random(scopes));
    }

    /** The iteration's generator, from the scope {@link TextTemplate.Compiled} puts first. */
    private static RandomGenerator random(List<Object> scopes) {
      for (Object scope : scopes) {
        if (scope instanceof TextTemplate.RandomScope randomScope) {
          return randomScope.random();
        }
      }
      return ThreadLocalRandom.current();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> variables(List<Object> scopes) {
      for (int i = scopes.size() - 1; i >= 0; i--) {
        if (scopes.get(i) instanceof Map<?, ?> map) {
          return (Map<String, String>) map;
        }
      }
      return Map.of();
    }
  }
}
