package io.loadline.web.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.loadline.plan.PlanValidationException;
import io.loadline.spi.ConfigProblem;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A run's overrides of the plan's load: a rate and a duration that replace the {@code rate} and
 * {@code duration} settings of every scenario's {@code load} and of the plan-level {@code load}
 * that scenarios share by weight, whatever its model. The rate model then validates them as if they
 * were written in the plan (a model without such settings reports them as unknown). The run keeps
 * the rewritten source; comments of a YAML plan are not kept in that copy. Immutable.
 *
 * @param rate such as {@code 50/s}, or null to keep the plan's
 * @param duration such as {@code 30s}, or null to keep the plan's
 */
public record LoadOverrides(String rate, String duration) implements UnaryOperator<String> {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  public LoadOverrides {
    rate = blankToNull(rate);
    duration = blankToNull(duration);
  }

  /** Whether there is anything to override. */
  public boolean isEmpty() {
    return rate == null && duration == null;
  }

  /** The plan source with every scenario's load rate and duration replaced. */
  @Override
  public String apply(String source) {
    if (isEmpty()) {
      return source;
    }
    JsonNode plan = read(source);
    // The plan-level load that scenarios share by weight too: overriding only the scenarios' own
    // loads left a shared one running as planned, with no word about the ignored override.
    override(plan.get("load"));
    for (JsonNode scenario : plan.path("scenarios")) {
      override(scenario.get("load"));
    }
    return write(plan, source.stripLeading().startsWith("{"));
  }

  private void override(JsonNode load) {
    if (load instanceof ObjectNode settings) {
      if (rate != null) {
        settings.put("rate", rate);
      }
      if (duration != null) {
        settings.put("duration", duration);
      }
    }
  }

  private static JsonNode read(String source) {
    try {
      return YAML.readTree(source); // YAML reads JSON too
    } catch (JsonProcessingException malformed) {
      throw new PlanValidationException(
          List.of(new ConfigProblem("", "The stored plan no longer parses: " + malformed)));
    }
  }

  private static String write(JsonNode plan, boolean json) {
    try {
      return json
          ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(plan)
          : YAML.writeValueAsString(plan);
    } catch (JsonProcessingException failure) {
      throw new IllegalStateException("A parsed plan could not be written back", failure);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
