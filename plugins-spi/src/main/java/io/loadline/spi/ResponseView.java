package io.loadline.spi;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the engine may read of a response to extract values and check it: headers, the body as text
 * and the cookies the virtual user holds afterwards. A protocol builds one per response; it is
 * immutable once handed over.
 *
 * <p>The body is only kept when the engine asked for it ({@link Exchange#responseBodyWanted()});
 * otherwise {@link #bodyText()} is empty.
 */
public interface ResponseView {

  /** A view of no response: no headers, no body, no cookies. */
  ResponseView NONE = new ResponseView() {};

  /** Every header, names as the server sent them, values in order. */
  default Map<String, List<String>> headers() {
    return Map.of();
  }

  /** The first value of the header, the name compared ignoring case, or null when absent. */
  default String header(String name) {
    for (Map.Entry<String, List<String>> entry : headers().entrySet()) {
      if (entry.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))
          && !entry.getValue().isEmpty()) {
        return entry.getValue().get(0);
      }
    }
    return null;
  }

  /** The body decoded as text (the response's charset, else UTF-8), or "" when not kept. */
  default String bodyText() {
    return "";
  }

  /** The value of the cookie the virtual user holds after this response, or null when none. */
  default String cookie(String name) {
    return null;
  }
}
