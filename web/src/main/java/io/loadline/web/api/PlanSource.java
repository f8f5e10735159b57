package io.loadline.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.UnsupportedMediaTypeResponse;
import io.loadline.plan.PlanText;
import io.loadline.plan.PlanValidationException;
import io.loadline.spi.ConfigProblem;
import io.loadline.web.http.JsonMapping;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A plan's source text as a request carried it. The contract: the request body IS the plan, in the
 * format its {@code Content-Type} names, {@code application/json} for JSON, or one of {@code
 * application/yaml}, {@code text/yaml}, {@code application/x-yaml}, {@code text/x-yaml} for YAML.
 * Any other type is answered 415. Immutable.
 *
 * @param format {@code yaml} or {@code json}
 * @param text the source exactly as sent
 */
public record PlanSource(String format, String text) {

  private static final Set<String> YAML_TYPES =
      Set.of("application/yaml", "text/yaml", "application/x-yaml", "text/x-yaml");

  /**
   * Reads the plan source from a request; 400 (not UTF-8, control characters, malformed JSON, as a
   * plan problem at the empty path), 413 or 415 when it cannot.
   */
  public static PlanSource from(Context context, ObjectMapper json) {
    String format = formatOf(context.contentType());
    String text = PlanText.decode(context.bodyAsBytes());
    if (text.isBlank()) {
      throw new BadRequestResponse("The request body is empty; send the plan's YAML or JSON.");
    }
    if (format.equals("json")) {
      requireWellFormed(text, json);
    }
    return new PlanSource(format, text);
  }

  private static String formatOf(String contentType) {
    String mediaType =
        contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (mediaType.equals("application/json")) {
      return "json";
    }
    if (YAML_TYPES.contains(mediaType)) {
      return "yaml";
    }
    throw new UnsupportedMediaTypeResponse(
        "Send the plan as the request body with Content-Type application/yaml or"
            + " application/json; got '"
            + (contentType == null ? "none" : contentType)
            + "'.");
  }

  private static void requireWellFormed(String text, ObjectMapper json) {
    try {
      json.readTree(text);
    } catch (JsonProcessingException malformed) {
      throw new PlanValidationException(
          List.of(
              new ConfigProblem(
                  "",
                  "is not valid JSON at "
                      + JsonMapping.whereMalformed(malformed)
                      + "; fix the syntax there")));
    }
  }
}
