package io.loadline.web.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.loadline.store.User;
import io.loadline.store.UserStore;
import io.loadline.web.api.AuthApi;
import io.loadline.web.auth.Access;
import io.loadline.web.auth.Authenticator;
import io.loadline.web.auth.IssuedToken;
import io.loadline.web.auth.PasswordHasher;
import io.loadline.web.auth.Principal;
import io.loadline.web.http.RequestState;
import io.loadline.web.http.RouteTable;

/**
 * The caller's own account: who am I, change my password (the current one is required), and logout,
 * which puts the session token on the deny-list at once. A password change ends every session of
 * the user, the caller's own included, and answers with a fresh token for the caller. API keys may
 * ask who they are, but cannot change a password or log out (403; revoke the key instead).
 * Thread-safe.
 */
public final class AccountApi {

  public static final String ACCOUNT = "/api/v1/account";
  public static final String LOGOUT = "/api/v1/auth/logout";

  private final UserStore users;
  private final PasswordHasher passwords;
  private final Authenticator authenticator;
  private final LoginThrottle throttle;
  private final ObjectMapper json;

  public AccountApi(
      UserStore users,
      PasswordHasher passwords,
      Authenticator authenticator,
      LoginThrottle throttle,
      ObjectMapper json) {
    this.users = users;
    this.passwords = passwords;
    this.authenticator = authenticator;
    this.throttle = throttle;
    this.json = json;
  }

  /** Adds the account routes, for every signed-in user. */
  public void addRoutes(RouteTable.Builder table) {
    table
        .get(ACCOUNT, Access.VIEWER, this::whoAmI)
        .put(ACCOUNT + "/password", Access.VIEWER, "user.password.change", this::changePassword)
        .post(LOGOUT, Access.VIEWER, "logout", this::logout);
  }

  private void whoAmI(Context context) {
    Principal caller = RequestState.requirePrincipal(context);
    context.json(
        new AccountJson(
            caller.userId(), caller.username(), caller.role().label(), caller.apiKeyId()));
  }

  private void changePassword(Context context) {
    Principal caller = requireSession(context, "change a password");
    JsonBody body = JsonBody.of(context, json);
    String current = body.requireText("currentPassword");
    String replacement = body.requireText("newPassword");
    Credentials.checkPassword("newPassword", replacement, body);
    body.throwIfInvalid();
    User user = users.find(caller.userId()).orElseThrow(() -> UsersApi.noSuchUser(caller.userId()));
    RequestState.auditTarget(context, "user:" + user.id());
    // The login throttle's count: a stolen session must not guess the password here for free.
    throttle.refuseWhileLockedOut(context, user.username());
    if (!authenticator.passwordMatches(user, current)) {
      throttle.recordFailure(context, user.username());
      RequestState.auditOutcome(context, "denied");
      throw new ForbiddenResponse("The current password is wrong.");
    }
    throttle.recordSuccess(user.username());
    users.setPasswordHash(user.id(), passwords.hash(replacement));
    // The change started a new session generation, which ended the caller's session with the
    // others (a stolen token must not outlive the password it was stolen with); the caller, who
    // just proved the password, gets a new one.
    User changed = users.find(user.id()).orElseThrow(() -> UsersApi.noSuchUser(user.id()));
    Authenticator.SignedIn signedIn =
        authenticator
            .signIn(changed)
            .orElseThrow(() -> new ForbiddenResponse("This account was disabled meanwhile."));
    IssuedToken token = signedIn.token();
    context.json(new AuthApi.LoginAnswer(token.token(), token.expiresAt()));
  }

  private void logout(Context context) {
    Principal caller = requireSession(context, "log out");
    authenticator.logout(caller);
    context.status(HttpStatus.NO_CONTENT);
  }

  /**
   * The caller, when signed in with a password; 403 for an API key, the same on every route that
   * needs a login session, so a script learns the one rule whatever it tried.
   */
  static Principal requireSession(Context context, String what) {
    Principal caller = RequestState.requirePrincipal(context);
    if (caller.isApiKey()) {
      throw new ForbiddenResponse(
          "An API key cannot "
              + what
              + "; this needs a login session, not an API key: sign in with a password"
              + " (to end a key's access, revoke the key).");
    }
    return caller;
  }

  /**
   * The caller as the API shows it. Immutable.
   *
   * @param apiKeyId the key's id when the caller used one, else null
   */
  public record AccountJson(long userId, String username, String role, Long apiKeyId) {}
}
