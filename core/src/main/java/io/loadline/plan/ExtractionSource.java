package io.loadline.plan;

import java.util.Locale;

/** Where an {@link Extraction} reads its value. */
public enum ExtractionSource {
  /** A JSONPath over the JSON body. */
  JSON,
  /** A regular expression over the body text, with a group. */
  REGEX,
  /** A response header, its name compared ignoring case. */
  HEADER,
  /** A cookie the virtual user holds after the response. */
  COOKIE,
  /** The status code. */
  STATUS;

  /** The plan key naming this source, such as {@code json}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
