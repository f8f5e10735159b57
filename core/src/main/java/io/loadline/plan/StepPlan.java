package io.loadline.plan;

import java.util.Map;
import java.util.Objects;

/**
 * One step of a scenario: a request the scenario's protocol validates and runs. Immutable.
 *
 * @param name unique within the scenario
 * @param path the field path of the step's request settings, such as {@code
 *     scenarios[0].steps[1].request}
 * @param request the protocol's settings for this request (for HTTP: method, url, headers, body,
 *     timeout)
 */
public record StepPlan(String name, String path, Map<String, Object> request) {

  public StepPlan {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    request =
        request == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(request));
  }
}
