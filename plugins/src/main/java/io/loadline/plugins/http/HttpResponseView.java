package io.loadline.plugins.http;

import io.loadline.spi.ResponseView;
import java.util.List;
import java.util.Map;

/**
 * The final response of an HTTP step as the engine reads it: headers, the kept body, and the
 * iteration's cookies after the step. Immutable.
 */
record HttpResponseView(
    Map<String, List<String>> headers, String bodyText, Map<String, String> cookies)
    implements ResponseView {

  HttpResponseView {
    headers = Map.copyOf(headers);
    cookies = Map.copyOf(cookies);
  }

  @Override
  public String cookie(String name) {
    return cookies.get(name);
  }
}
