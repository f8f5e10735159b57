package io.loadline.plugins.http;

import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A piece of request text (URL, header value, body) that may hold {@code {{...}}} placeholders.
 * Text without {@code {{} is a {@link Literal} and costs nothing per request; the rest is compiled
 * once by {@link TemplateCompiler}. Immutable and thread-safe.
 */
sealed interface TextTemplate {

  /**
   * The text with every placeholder filled from {@code variables}, drawing random values from
   * {@code random} (the iteration's generator).
   *
   * @throws TemplateExpression.UndefinedVariableException (possibly as a cause) for a variable the
   *     iteration does not have
   */
  String render(Map<String, String> variables, RandomGenerator random);

  /** Whether the text holds placeholders. */
  boolean isTemplated();

  /** The text as the plan wrote it. */
  String text();

  /** Text without placeholders. */
  record Literal(String text) implements TextTemplate {
    @Override
    public String render(Map<String, String> variables, RandomGenerator random) {
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
    public String render(Map<String, String> variables, RandomGenerator random) {
      StringWriter writer = new StringWriter(text.length() + 32);
      // The generator goes first, the variables last: placeholders read the last map scope.
      mustache.execute(writer, List.of(new RandomScope(random), variables));
      return writer.toString();
    }

    @Override
    public boolean isTemplated() {
      return true;
    }
  }

  /** Carries the iteration's generator to the placeholders, as one of mustache's scopes. */
  record RandomScope(RandomGenerator random) {}

  /** Two parts written one after the other, each with its own encoding (a URL's origin, rest). */
  record Joined(TextTemplate first, TextTemplate second) implements TextTemplate {
    @Override
    public String render(Map<String, String> variables, RandomGenerator random) {
      return first.render(variables, random) + second.render(variables, random);
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
