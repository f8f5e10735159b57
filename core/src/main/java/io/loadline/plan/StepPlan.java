package io.loadline.plan;

import java.util.Map;
import java.util.Objects;

/**
 * One step of a scenario: a request the scenario's protocol validates and runs, and what the engine
 * then takes from (extract) and asserts on (checks) its response. Immutable.
 *
 * @param name unique within the scenario
 * @param path the field path of the step's request settings, such as {@code
 *     scenarios[0].steps[1].request}
 * @param request the protocol's settings for this request (for HTTP: method, url, headers, body,
 *     timeout, followRedirects)
 * @param extract the values taken from the response into variables, in plan order
 * @param checks the assertions on the response, in plan order
 * @param think for a think-time step (no request), its pause; else null
 */
public record StepPlan(
    String name,
    String path,
    Map<String, Object> request,
    java.util.List<Extraction> extract,
    java.util.List<Check> checks,
    ThinkTime think) {

  /** A step with a request only. */
  public StepPlan(String name, String path, Map<String, Object> request) {
    this(name, path, request, java.util.List.of(), java.util.List.of(), null);
  }

  /** Whether this step is a pause rather than a request. */
  public boolean isThink() {
    return think != null;
  }

  public StepPlan {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    request =
        request == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(request));
    extract = extract == null ? java.util.List.of() : java.util.List.copyOf(extract);
    checks = checks == null ? java.util.List.of() : java.util.List.copyOf(checks);
  }
}
