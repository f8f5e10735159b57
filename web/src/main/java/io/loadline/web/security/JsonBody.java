package io.loadline.web.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.loadline.web.http.JsonMapping;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON request body of the security routes, read field by field; collects every problem and
 * answers them all at once with 400 from {@link #throwIfInvalid}. Not thread-safe: one per request.
 * Never echoes a field's value, since a field may hold a password.
 */
final class JsonBody {

  /** The latest instant an optional instant may name: the last second of the year 9999. */
  private static final Instant LATEST_INSTANT = Instant.parse("9999-12-31T23:59:59Z");

  private final JsonNode body;
  private final List<String> problems = new ArrayList<>();

  private JsonBody(JsonNode body) {
    this.body = body;
  }

  static JsonBody of(Context context, ObjectMapper json) {
    try {
      JsonNode body = json.readTree(context.body());
      if (body == null || !body.isObject()) {
        throw new BadRequestResponse("Send a JSON object as the request body.");
      }
      return new JsonBody(body);
    } catch (JsonProcessingException malformed) {
      throw new BadRequestResponse(
          "The request body is not valid JSON at " + JsonMapping.whereMalformed(malformed) + ".");
    }
  }

  /** A required non-empty string. */
  String requireText(String field) {
    String value = optionalText(field);
    if (value == null || value.isEmpty()) {
      problems.add("'" + field + "' is required");
      return null;
    }
    return value;
  }

  /** An optional string; null when absent. */
  String optionalText(String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      problems.add("'" + field + "' must be a string");
      return null;
    }
    return value.asText();
  }

  /**
   * An optional ISO-8601 instant such as {@code 2026-12-31T00:00:00Z}, from 1970 to the end of
   * 9999; null when absent. The range keeps it storable as epoch milliseconds: an instant such as
   * {@code +999999999-12-31T23:59:59Z} parses but overflowed there.
   */
  Instant optionalInstant(String field) {
    String text = optionalText(field);
    if (text == null) {
      return null;
    }
    Instant instant;
    try {
      instant = Instant.parse(text);
    } catch (DateTimeParseException malformed) {
      problems.add("'" + field + "' must be an instant such as 2026-12-31T00:00:00Z");
      return null;
    }
    if (instant.isBefore(Instant.EPOCH) || instant.isAfter(LATEST_INSTANT)) {
      problems.add(
          "'"
              + field
              + "' must be from "
              + Instant.EPOCH
              + " to "
              + LATEST_INSTANT
              + ", was "
              + text);
      return null;
    }
    return instant;
  }

  /** An optional positive whole number; null when absent. */
  Long optionalId(String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.canConvertToLong() || value.asLong() < 1) {
      problems.add("'" + field + "' must be a positive whole number");
      return null;
    }
    return value.asLong();
  }

  void problem(String message) {
    problems.add(message);
  }

  /** Answers 400 naming every problem found so far. */
  void throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw new BadRequestResponse("Invalid request: " + String.join("; ", problems) + ".");
    }
  }
}
