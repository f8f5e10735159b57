package io.loadline.web.api;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

/** Reads numeric ids from request paths and query strings. Stateless. */
public final class PathIds {

  private PathIds() {}

  /** The {@code {id}} path parameter as a number; 400 when it is not one. */
  public static long id(Context context) {
    return parse(context.pathParam("id"), "id");
  }

  /** Parses a positive whole number named {@code name}; 400 when it is not one. */
  public static long parse(String text, String name) {
    try {
      long value = Long.parseLong(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw new BadRequestResponse(name + " must be a positive whole number, was '" + text + "'");
  }
}
