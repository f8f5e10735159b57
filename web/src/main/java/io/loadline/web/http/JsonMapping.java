package io.loadline.web.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.regex.Pattern;

/**
 * The one JSON configuration of the API: ISO-8601 dates, durations as ISO strings, nulls written as
 * null, nothing accepted after a body's one value. Stateless.
 */
public final class JsonMapping {

  /** Jackson's asides that name its own classes and settings, such as a start marker's source. */
  private static final Pattern JACKSON_ASIDE =
      Pattern.compile("\\s*\\((?:start marker at|[^()]*`[A-Za-z]+Feature\\.)[^\\n]*$");

  private JsonMapping() {}

  /**
   * Where and why a JSON text is malformed, in plain words for an answer: {@code "line 1, column
   * 14: Unexpected end-of-input: expected close marker for Object"}, without Jackson's class or
   * feature names, which mean nothing to a client.
   */
  public static String whereMalformed(JsonProcessingException malformed) {
    String reason = malformed.getOriginalMessage();
    if (reason != null && reason.startsWith("Trailing token")) {
      // Jackson's words name its binding class and the setting that refused it.
      reason = "there is more after the end of the JSON value; a body holds one value";
    }
    reason = reason == null ? "malformed" : JACKSON_ASIDE.matcher(reason).replaceFirst("").strip();
    JsonLocation where = malformed.getLocation();
    if (where == null || where.getLineNr() < 1) {
      return reason;
    }
    return "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + reason;
  }

  /** A new mapper with the API's settings; mappers are thread-safe once configured. */
  public static ObjectMapper newObjectMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        // A body is one JSON value: "{...} {...}" or "{...} junk" is malformed, not its first part.
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
  }
}
