package io.loadline.plugins.http;

import io.loadline.spi.ResponseView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * The final response of an HTTP step as the engine reads it: headers, the kept body, and the
 * iteration's cookies after the step. Immutable: the header fields are Jetty's immutable copy of
 * the response's, turned into a map only when a check or extraction first asks for every header
 * (most steps never read one, so most responses never pay for the map). Thread-safe.
 */
final class HttpResponseView implements ResponseView {

  private final HttpFields fields;
  private final String bodyText;
  private final Map<String, String> cookies;
  private volatile Map<String, List<String>> headers;

  HttpResponseView(HttpFields fields, String bodyText, Map<String, String> cookies) {
    this.fields = fields.asImmutable();
    this.bodyText = bodyText;
    this.cookies = cookies.isEmpty() ? Map.of() : Map.copyOf(cookies);
  }

  @Override
  public Map<String, List<String>> headers() {
    Map<String, List<String>> built = headers;
    if (built == null) {
      Map<String, List<String>> byName = new LinkedHashMap<>();
      for (HttpField field : fields) {
        byName.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(field.getValue());
      }
      byName.replaceAll((name, values) -> List.copyOf(values));
      built = java.util.Collections.unmodifiableMap(byName);
      headers = built;
    }
    return built;
  }

  @Override
  public String header(String name) {
    // Jetty compares header names ignoring case, as HTTP does.
    return fields.get(name);
  }

  @Override
  public String bodyText() {
    return bodyText;
  }

  @Override
  public String cookie(String name) {
    return cookies.get(name);
  }

  @Override
  public String toString() {
    return "HttpResponseView[" + fields.size() + " headers, " + bodyText.length() + " chars]";
  }
}
