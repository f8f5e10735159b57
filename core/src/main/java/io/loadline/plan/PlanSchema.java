package io.loadline.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON Schema (draft 2020-12) of the plan format, written by hand and shipped as a resource;
 * the repository keeps the same text in {@code docs/plan.schema.json} for editors. The schema
 * checks the shape only: {@link PlanReader} stays the authority (unique names, templates, JSONPaths
 * and every plugin's settings). Stateless and thread-safe.
 */
public final class PlanSchema {

  /** The classpath resource holding the schema. */
  public static final String RESOURCE = "/io/loadline/plan/plan.schema.json";

  private static final String TEXT = load();

  private PlanSchema() {}

  /** The schema's JSON text. */
  public static String text() {
    return TEXT;
  }

  private static String load() {
    try (InputStream in = PlanSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("The plan schema " + RESOURCE + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the plan schema " + RESOURCE, e);
    }
  }
}
