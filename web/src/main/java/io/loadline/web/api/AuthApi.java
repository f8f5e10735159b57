package io.loadline.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.UnsupportedMediaTypeResponse;
import io.loadline.web.auth.Access;
import io.loadline.web.auth.Authenticator;
import io.loadline.web.auth.IssuedToken;
import io.loadline.web.http.RequestState;
import io.loadline.web.http.RouteTable;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code POST /api/v1/auth/login}: trades a username and password for a bearer token. A failed
 * login is answered 401 without saying which part was wrong, and audited. A body whose type is not
 * JSON is answered 415; a body over the request limit 413 naming it (the login throttle's read
 * refuses it first); malformed JSON, or a field that is missing or not a string, 400 naming the
 * field. Thread-safe.
 */
public final class AuthApi {

  public static final String LOGIN = "/api/v1/auth/login";

  private static final String EXAMPLE = "{\"username\": \"...\", \"password\": \"...\"}";

  /** Usernames longer than this are cut in the audit log. */
  private static final int AUDITED_USERNAME_LENGTH = 64;

  private final Authenticator authenticator;
  private final ObjectMapper json;

  public AuthApi(Authenticator authenticator, ObjectMapper json) {
    this.authenticator = authenticator;
    this.json = json;
  }

  public void addRoutes(RouteTable.Builder table) {
    table.post(LOGIN, Access.PUBLIC, "login", this::login);
  }

  private void login(Context context) {
    JsonNode body = jsonBody(context);
    String username = text(body, "username");
    String password = text(body, "password");
    RequestState.auditActor(context, auditedUsername(username));
    Optional<Authenticator.SignedIn> signedIn = authenticator.login(username, password);
    if (signedIn.isEmpty()) {
      RequestState.auditOutcome(context, "failed");
      throw new UnauthorizedResponse("Wrong username or password.");
    }
    RequestState.principal(context, signedIn.get().principal());
    IssuedToken token = signedIn.get().token();
    context.json(new LoginAnswer(token.token(), token.expiresAt()));
  }

  /**
   * The body as a JSON object: 415 when its type is not JSON, 400 when it is malformed or not an
   * object.
   */
  private JsonNode jsonBody(Context context) {
    String mediaType = mediaType(context.contentType());
    if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
      throw new UnsupportedMediaTypeResponse(
          "Send the credentials as JSON with Content-Type application/json, such as "
              + EXAMPLE
              + "; got '"
              + (context.contentType() == null ? "none" : context.contentType())
              + "'.");
    }
    JsonNode body;
    try {
      body = json.readTree(context.body());
    } catch (JsonProcessingException malformed) {
      throw new BadRequestResponse("The request body is not valid JSON; send " + EXAMPLE + ".");
    }
    if (body == null || !body.isObject()) {
      throw new BadRequestResponse("Send a JSON object such as " + EXAMPLE + ".");
    }
    return body;
  }

  private static String mediaType(String contentType) {
    return contentType == null
        ? ""
        : contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
  }

  /** A required non-empty string field; 400 naming the field otherwise, never echoing it. */
  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw new BadRequestResponse("'" + field + "' is missing; send " + EXAMPLE + ".");
    }
    if (!value.isTextual()) {
      throw new BadRequestResponse(
          "'" + field + "' must be a string, not " + kind(value) + "; send " + EXAMPLE + ".");
    }
    if (value.asText().isEmpty()) {
      throw new BadRequestResponse("'" + field + "' is empty; send " + EXAMPLE + ".");
    }
    return value.asText();
  }

  private static String kind(JsonNode value) {
    return switch (value.getNodeType()) {
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      default -> "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** A username as the audit log records it: cut to a sane length. */
  public static String auditedUsername(String username) {
    return username.length() <= AUDITED_USERNAME_LENGTH
        ? username
        : username.substring(0, AUDITED_USERNAME_LENGTH) + "...";
  }

  /**
   * The login answer. Immutable.
   *
   * @param token the bearer token
   * @param expiresAt when it stops being accepted
   */
  public record LoginAnswer(String token, Instant expiresAt) {}
}
