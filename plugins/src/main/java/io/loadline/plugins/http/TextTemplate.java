package io.loadline.plugins.http;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Map;

/**
 * A piece of request text (URL, header value, body) that may hold {@code {{name}}} placeholders.
 * Text without {@code {{} is a {@link Literal} and costs nothing per request; the rest is compiled
 * once with mustache.java, which never HTML-escapes here and never loads partials. Immutable and
 * thread-safe.
 */
sealed interface TextTemplate {

  /** The text with every placeholder filled from {@code variables}; a missing name gives "". */
  String render(Map<String, String> variables);

  /** Whether the text holds placeholders. */
  boolean isTemplated();

  /**
   * Compiles {@code text}.
   *
   * @throws com.github.mustachejava.MustacheException when the placeholders are malformed
   */
  static TextTemplate compile(String text, String name, RawMustacheFactory factory) {
    if (!text.contains("{{")) {
      return new Literal(text);
    }
    Mustache mustache = factory.compile(new StringReader(text), name);
    return new Compiled(text, mustache);
  }

  /** Text without placeholders. */
  record Literal(String text) implements TextTemplate {
    @Override
    public String render(Map<String, String> variables) {
      return text;
    }

    @Override
    public boolean isTemplated() {
      return false;
    }
  }

  /** Text with placeholders, compiled once. */
  record Compiled(String text, Mustache mustache) implements TextTemplate {
    @Override
    public String render(Map<String, String> variables) {
      StringWriter writer = new StringWriter(text.length() + 32);
      mustache.execute(writer, variables);
      return writer.toString();
    }

    @Override
    public boolean isTemplated() {
      return true;
    }
  }

  /**
   * A mustache factory that writes values as they are (URLs and JSON bodies are not HTML) and
   * resolves no partials, so a plan can never make it read a file. One per protocol instance; used
   * on the thread that prepares steps.
   */
  final class RawMustacheFactory extends DefaultMustacheFactory {

    RawMustacheFactory() {
      super(resourceName -> null);
    }

    @Override
    public void encode(String value, Writer writer) {
      try {
        writer.write(value);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
