package io.loadline.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import io.loadline.web.auth.Access;
import io.loadline.web.auth.Authenticator;
import io.loadline.web.auth.IssuedToken;
import io.loadline.web.http.RequestState;
import io.loadline.web.http.RouteTable;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code POST /api/v1/auth/login}: trades a username and password for a bearer token. A failed
 * login is answered 401 without saying which part was wrong, and audited. Thread-safe.
 */
public final class AuthApi {

  public static final String LOGIN = "/api/v1/auth/login";

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

  private void login(Context context) throws JsonProcessingException {
    JsonNode body = json.readTree(context.body());
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

  private static String text(JsonNode body, String field) {
    JsonNode value = body == null ? null : body.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new BadRequestResponse(
          "Send {\"username\": \"...\", \"password\": \"...\"}; '" + field + "' is missing.");
    }
    return value.asText();
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
