package io.loadline.web.api;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

/**
 * Reads numeric ids from request paths and query strings, strictly: ASCII digits only, no sign, no
 * spaces, above zero and within a {@code long}. Every route reads its ids here, so no other
 * spelling of an id ({@code +28}, {@code 28 }, non-ASCII digits) can name a plan or run. Stateless.
 */
public final class PathIds {

  private PathIds() {}

  /** The {@code {id}} path parameter as a number; 400 when it is not one. */
  public static long id(Context context) {
    return parse(context.pathParam("id"), "id");
  }

  /** Parses a positive whole number named {@code name}; 400 when it is not one. */
  public static long parse(String text, String name) {
    if (text != null && !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        long value = Long.parseLong(text); // digits only here, so no sign is read
        if (value > 0) {
          return value;
        }
      } catch (NumberFormatException outOfRange) {
        // answered below
      }
    }
    throw new BadRequestResponse(
        name + " must be a positive whole number written in digits 0-9, was '" + text + "'");
  }
}
