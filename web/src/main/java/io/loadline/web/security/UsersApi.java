package io.loadline.web.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.loadline.NotFoundException;
import io.loadline.store.User;
import io.loadline.store.UserStore;
import io.loadline.web.api.PathIds;
import io.loadline.web.auth.Access;
import io.loadline.web.auth.PasswordHasher;
import io.loadline.web.auth.Role;
import io.loadline.web.http.RequestState;
import io.loadline.web.http.RouteTable;
import java.util.Optional;

/**
 * The admin's user routes: create, list, read, change role, disable, enable, reset password and
 * delete. Passwords are hashed on arrival and never returned or logged. The last enabled admin
 * cannot be demoted, disabled or deleted (409), so the server always keeps a way in; the store
 * checks that in the transaction of the change, so two admins disabling each other at once cannot
 * both succeed. A disabled or deleted user's tokens and API keys are refused from the next request
 * on. Every route that changes a user needs a login session: an API key may read users but is
 * refused (403), so a leaked key cannot make itself new accounts or take over existing ones.
 * Thread-safe.
 */
public final class UsersApi {

  public static final String USERS = "/api/v1/users";

  private final UserStore users;
  private final PasswordHasher passwords;
  private final ObjectMapper json;

  public UsersApi(UserStore users, PasswordHasher passwords, ObjectMapper json) {
    this.users = users;
    this.passwords = passwords;
    this.json = json;
  }

  /** Adds the user routes, all for admins. */
  public void addRoutes(RouteTable.Builder table) {
    table
        .get(USERS, Access.ADMIN, this::list)
        .post(USERS, Access.ADMIN, "user.create", this::create)
        .get(USERS + "/{id}", Access.ADMIN, this::get)
        .put(USERS + "/{id}/role", Access.ADMIN, "user.role", this::changeRole)
        .post(USERS + "/{id}/disable", Access.ADMIN, "user.disable", ctx -> setDisabled(ctx, true))
        .post(USERS + "/{id}/enable", Access.ADMIN, "user.enable", ctx -> setDisabled(ctx, false))
        .put(USERS + "/{id}/password", Access.ADMIN, "user.password.reset", this::resetPassword)
        .delete(USERS + "/{id}", Access.ADMIN, "user.delete", this::delete);
  }

  private void list(Context context) {
    context.json(users.list().stream().map(UserJson::of).toList());
  }

  private void create(Context context) {
    AccountApi.requireSession(context, "create users");
    JsonBody body = JsonBody.of(context, json);
    String username = body.requireText("username");
    String password = body.requireText("password");
    Optional<Role> role = Credentials.role(body.requireText("role"), body);
    Credentials.checkUsername(username, body);
    Credentials.checkPassword("password", password, body);
    body.throwIfInvalid();
    User created = users.create(username, passwords.hash(password), role.orElseThrow().label());
    RequestState.auditTarget(context, "user:" + created.id() + " " + created.username());
    context.status(HttpStatus.CREATED).header("Location", USERS + "/" + created.id());
    context.json(UserJson.of(created));
  }

  private void get(Context context) {
    context.json(UserJson.of(find(context)));
  }

  private void changeRole(Context context) {
    AccountApi.requireSession(context, "change a user's role");
    User user = find(context);
    JsonBody body = JsonBody.of(context, json);
    Optional<Role> role = Credentials.role(body.requireText("role"), body);
    body.throwIfInvalid();
    users.setRole(user.id(), role.orElseThrow().label());
    RequestState.auditTarget(context, "user:" + user.id() + " role=" + role.get().label());
    context.json(UserJson.of(users.find(user.id()).orElseThrow(() -> noSuchUser(user.id()))));
  }

  private void setDisabled(Context context, boolean disabled) {
    AccountApi.requireSession(context, disabled ? "disable users" : "enable users");
    User user = find(context);
    users.setDisabled(user.id(), disabled);
    context.json(UserJson.of(users.find(user.id()).orElseThrow(() -> noSuchUser(user.id()))));
  }

  private void resetPassword(Context context) {
    AccountApi.requireSession(context, "reset a password");
    User user = find(context);
    JsonBody body = JsonBody.of(context, json);
    String password = body.requireText("password");
    Credentials.checkPassword("password", password, body);
    body.throwIfInvalid();
    users.setPasswordHash(user.id(), passwords.hash(password));
    context.status(HttpStatus.NO_CONTENT);
  }

  private void delete(Context context) {
    AccountApi.requireSession(context, "delete users");
    User user = find(context);
    users.delete(user.id());
    RequestState.auditTarget(context, "user:" + user.id() + " " + user.username());
    context.status(HttpStatus.NO_CONTENT);
  }

  private User find(Context context) {
    long id = PathIds.id(context);
    return users.find(id).orElseThrow(() -> noSuchUser(id));
  }

  static NotFoundException noSuchUser(long id) {
    return new NotFoundException(
        "There is no user with id " + id + "; GET " + USERS + " lists the users.");
  }
}
