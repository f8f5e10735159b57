package io.loadline.web.dashboard;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * Renders the dashboard's jte templates, compiled at build time from {@code src/main/jte} (so the
 * server needs no compiler at run time). HTML content type: every value is escaped. Thread-safe.
 */
public final class Templates {

  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  /** Renders a template, such as {@code run.jte}, with its parameters. */
  public String render(String template, Map<String, Object> parameters) {
    StringOutput output = new StringOutput();
    engine.render(template, parameters, output);
    return output.toString();
  }
}
