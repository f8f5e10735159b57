package io.loadline.plugins.http;

import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.util.Map;

/**
 * A piece of request text (URL, header value, body) that may hold {@code {{...}}} placeholders.
 * Text without {@code {{} is a {@link Literal} and costs nothing per request; the rest is compiled
 * once by {@link TemplateCompiler}. Immutable and thread-safe.
 */
sealed interface TextTemplate {

  /**
   * The text with every placeholder filled from {@code variables}.
   *
   * @throws TemplateExpression.UndefinedVariableException (possibly as a cause) for a variable the
   *     iteration does not have
   */
  String render(Map<String, String> variables);

  /** Whether the text holds placeholders. */
  boolean isTemplated();

  /** The text as the plan wrote it. */
  String text();

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

  /** Two parts written one after the other, each with its own encoding (a URL's origin, rest). */
  record Joined(TextTemplate first, TextTemplate second) implements TextTemplate {
    @Override
    public String render(Map<String, String> variables) {
      return first.render(variables) + second.render(variables);
    }

    @Override
    public boolean isTemplated() {
      return first.isTemplated() || second.isTemplated();
    }

    @Override
    public String text() {
      return first.text() + second.text();
    }
  }
}
