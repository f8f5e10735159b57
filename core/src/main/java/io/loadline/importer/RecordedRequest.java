package io.loadline.importer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One request taken from a recording or a command line, ready to become a plan step. Immutable.
 *
 * @param method the HTTP method, upper case
 * @param url the absolute URL as recorded
 * @param headers header names to values, in recorded order, already filtered
 * @param body the request body as text, or null for none
 */
public record RecordedRequest(String method, String url, Map<String, String> headers, String body) {

  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }
}
