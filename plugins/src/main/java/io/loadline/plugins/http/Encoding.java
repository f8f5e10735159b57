package io.loadline.plugins.http;

import java.nio.charset.StandardCharsets;

/**
 * How a placeholder's value is written where it lands: as it is (headers, plain bodies, a URL's
 * scheme and host), percent-encoded (a URL's path and query), or JSON-escaped (JSON bodies). A
 * triple placeholder {@code {{{name}}}} always writes the value as it is.
 */
enum Encoding {
  RAW,
  URL,
  JSON;

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  String encode(String value) {
    return switch (this) {
      case RAW -> value;
      case URL -> percentEncode(value);
      case JSON -> jsonEscape(value);
    };
  }

  /** Every byte but the unreserved ones (letters, digits, - . _ ~) as %XX: a space is %20. */
  static String percentEncode(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder encoded = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return encoded.toString();
  }

  /** The value escaped to sit between the quotes of a JSON string. */
  static String jsonEscape(String value) {
    StringBuilder escaped = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> escaped.append("\\\"");
        case '\\' -> escaped.append("\\\\");
        case '\n' -> escaped.append("\\n");
        case '\r' -> escaped.append("\\r");
        case '\t' -> escaped.append("\\t");
        default -> {
          if (c < 0x20) {
            escaped.append(String.format("\\u%04x", (int) c));
          } else {
            escaped.append(c);
          }
        }
      }
    }
    return escaped.toString();
  }
}
