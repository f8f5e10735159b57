package io.loadline.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes imported steps as a plan in YAML: one scenario {@code recorded} with a placeholder load
 * ({@value #DEFAULT_RATE} for {@value #DEFAULT_DURATION}, to be edited), request steps named {@code
 * METHOD /path} (numbered when a name repeats) and {@code think:} steps in milliseconds.
 * Thread-safe.
 *
 * <p>Known limit: recorded text is written as is, so a URL, header or body that holds <code>{{
 * </code> is read by the plan as a template placeholder; such a plan fails validation with the path
 * of the step, and the text needs editing.
 */
public final class PlanWriter {

  /** The placeholder load's rate. */
  public static final String DEFAULT_RATE = "1/s";

  /** The placeholder load's duration. */
  public static final String DEFAULT_DURATION = "1m";

  private static final int MAX_STEP_NAME_LENGTH = 80;

  private final ObjectMapper yaml =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .build());

  /**
   * The plan's YAML text.
   *
   * @param planName the plan's name, not blank
   * @param origin what the steps came from, for the plan's opening comment, such as {@code a HAR
   *     recording}
   */
  public String write(String planName, String origin, List<ImportedStep> steps) {
    Objects.requireNonNull(planName, "planName");
    ObjectNode plan = yaml.createObjectNode();
    plan.put("name", planName);
    ArrayNode scenarios = plan.putArray("scenarios");
    ObjectNode scenario = scenarios.addObject();
    scenario.put("name", "recorded");
    ObjectNode load = scenario.putObject("load");
    load.put("model", "constant");
    load.put("rate", DEFAULT_RATE);
    load.put("duration", DEFAULT_DURATION);
    ArrayNode stepList = scenario.putArray("steps");
    Map<String, Integer> nameCounts = new HashMap<>();
    for (ImportedStep step : steps) {
      switch (step) {
        case ImportedStep.Think think ->
            stepList.addObject().put("think", think.pause().toMillis() + "ms");
        case ImportedStep.Request request -> addRequest(stepList.addObject(), request, nameCounts);
      }
    }
    try {
      return "# Imported from "
          + origin
          + " by Loadline. The load below is a placeholder: set the model, rate and duration.\n"
          + yaml.writeValueAsString(plan);
    } catch (JsonProcessingException e) {
      throw new ImportException("Could not write the imported plan as YAML: " + e.getMessage());
    }
  }

  private static void addRequest(
      ObjectNode step, ImportedStep.Request imported, Map<String, Integer> nameCounts) {
    RecordedRequest request = imported.request();
    String name = stepName(request);
    int count = nameCounts.merge(name, 1, Integer::sum);
    step.put("name", count == 1 ? name : name + " #" + count);
    ObjectNode settings = step.putObject("request");
    settings.put("method", request.method());
    settings.put("url", request.url());
    if (!request.headers().isEmpty()) {
      ObjectNode headers = settings.putObject("headers");
      request.headers().forEach(headers::put);
    }
    if (request.body() != null) {
      settings.put("body", request.body());
    }
    if (imported.followRedirects()) {
      settings.put("followRedirects", true);
    }
  }

  private static String stepName(RecordedRequest request) {
    String path;
    try {
      path = URI.create(request.url()).getRawPath();
    } catch (IllegalArgumentException e) {
      path = null;
    }
    String name = request.method() + " " + (path == null || path.isEmpty() ? "/" : path);
    return name.length() <= MAX_STEP_NAME_LENGTH ? name : name.substring(0, MAX_STEP_NAME_LENGTH);
  }
}
