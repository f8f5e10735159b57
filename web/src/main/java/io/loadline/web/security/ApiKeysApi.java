package io.loadline.web.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.loadline.NotFoundException;
import io.loadline.store.ApiKey;
import io.loadline.store.User;
import io.loadline.store.UserStore;
import io.loadline.web.api.PathIds;
import io.loadline.web.auth.Access;
import io.loadline.web.auth.ApiKeys;
import io.loadline.web.auth.Principal;
import io.loadline.web.auth.Role;
import io.loadline.web.http.RequestState;
import io.loadline.web.http.RouteTable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The API key routes. Any signed-in user lists, creates and revokes their own keys; an admin also
 * those of anyone. A key is shown once, in the creation answer. Its role defaults to, and may not
 * exceed, its creator's (nor its owner's). Keys cannot create keys: that needs a password sign-in,
 * so a leaked key cannot outlive its own expiry or revocation. Another user's key is answered 404
 * to a non-admin, so ids do not reveal whose keys exist. Thread-safe.
 */
public final class ApiKeysApi {

  public static final String KEYS = "/api/v1/keys";
  static final int MAX_NAME_LENGTH = 100;

  private final ApiKeys apiKeys;
  private final UserStore users;
  private final ObjectMapper json;

  public ApiKeysApi(ApiKeys apiKeys, UserStore users, ObjectMapper json) {
    this.apiKeys = apiKeys;
    this.users = users;
    this.json = json;
  }

  /** Adds the key routes, for every signed-in user; the handlers check ownership. */
  public void addRoutes(RouteTable.Builder table) {
    table
        .get(KEYS, Access.VIEWER, this::list)
        .post(KEYS, Access.VIEWER, "key.create", this::create)
        .delete(KEYS + "/{id}", Access.VIEWER, "key.revoke", this::revoke);
  }

  private void list(Context context) {
    Principal caller = RequestState.requirePrincipal(context);
    boolean admin = caller.role() == Role.ADMIN;
    String userIdText = context.queryParam("userId");
    List<ApiKey> keys;
    if (admin && "true".equals(context.queryParam("all"))) {
      keys = apiKeys.store().listAll();
    } else if (admin && userIdText != null) {
      keys = apiKeys.store().listForUser(PathIds.parse(userIdText, "userId"));
    } else {
      keys = apiKeys.store().listForUser(caller.userId());
    }
    context.json(keys.stream().map(KeyJson::of).toList());
  }

  private void create(Context context) {
    Principal creator = AccountApi.requireSession(context, "create API keys");
    JsonBody body = JsonBody.of(context, json);
    String name = body.requireText("name");
    Optional<Role> requested = Credentials.role(body.optionalText("role"), body);
    Instant expiresAt = body.optionalInstant("expiresAt");
    Long ownerId = body.optionalId("userId");
    if (name != null && name.length() > MAX_NAME_LENGTH) {
      body.problem("'name' must be at most " + MAX_NAME_LENGTH + " characters");
    }
    if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
      body.problem("'expiresAt' must be in the future");
    }
    body.throwIfInvalid();
    User owner = owner(creator, ownerId);
    Role ownerRole = Role.fromLabel(owner.role()).orElse(Role.VIEWER);
    Role role = requested.orElse(lower(creator.role(), ownerRole));
    if (!creator.role().includes(role) || !ownerRole.includes(role)) {
      throw new ForbiddenResponse(
          "A key's role may not exceed its creator's ("
              + creator.role().label()
              + ") nor its owner's ("
              + ownerRole.label()
              + "); asked for '"
              + role.label()
              + "'.");
    }
    ApiKeys.CreatedKey created = apiKeys.create(owner, name, role, expiresAt);
    RequestState.auditTarget(
        context, "key:" + created.key().id() + " user:" + owner.id() + " role=" + role.label());
    context.status(HttpStatus.CREATED).header("Cache-Control", "no-store");
    context.json(new KeyJson.Created(KeyJson.of(created.key()), created.secret()));
  }

  private void revoke(Context context) {
    Principal caller = RequestState.requirePrincipal(context);
    long id = PathIds.id(context);
    ApiKey key =
        apiKeys
            .store()
            .find(id)
            .filter(found -> caller.role() == Role.ADMIN || found.userId() == caller.userId())
            .orElseThrow(() -> noSuchKey(id));
    apiKeys.store().revoke(key.id());
    context.json(KeyJson.of(apiKeys.store().find(key.id()).orElseThrow(() -> noSuchKey(id))));
  }

  private User owner(Principal creator, Long ownerId) {
    if (ownerId == null || ownerId == creator.userId()) {
      return users.find(creator.userId()).orElseThrow(() -> UsersApi.noSuchUser(creator.userId()));
    }
    if (creator.role() != Role.ADMIN) {
      throw new ForbiddenResponse("Only an admin may create a key for another user.");
    }
    return users.find(ownerId).orElseThrow(() -> UsersApi.noSuchUser(ownerId));
  }

  private static Role lower(Role first, Role second) {
    return first.includes(second) ? second : first;
  }

  private static NotFoundException noSuchKey(long id) {
    return new NotFoundException(
        "There is no API key with id " + id + " of yours; GET " + KEYS + " lists them.");
  }
}
