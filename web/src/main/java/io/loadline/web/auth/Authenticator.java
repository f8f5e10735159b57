package io.loadline.web.auth;

import io.loadline.store.RevokedTokenStore;
import io.loadline.store.User;
import io.loadline.store.UserStore;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks usernames and passwords, and turns session tokens back into the user they belong to. A
 * token of a user who has since been deleted or disabled, one revoked by a logout, and one signed
 * before the user's password last changed (an earlier session generation) are refused. Thread-safe.
 */
public final class Authenticator {

  private final UserStore users;
  private final PasswordHasher passwords;
  private final TokenService tokens;
  private final RevokedTokenStore revokedTokens;

  public Authenticator(
      UserStore users,
      PasswordHasher passwords,
      TokenService tokens,
      RevokedTokenStore revokedTokens) {
    this.users = users;
    this.passwords = passwords;
    this.tokens = tokens;
    this.revokedTokens = revokedTokens;
  }

  /**
   * Revokes a session token at once; it stays on the deny-list until it would have expired. An API
   * key caller has no session token to revoke, and nothing happens.
   */
  public void logout(Principal principal) {
    if (principal.tokenId() == null) {
      return;
    }
    Instant latestExpiry = Instant.now().plus(TokenService.TOKEN_LIFETIME);
    revokedTokens.revoke(principal.tokenId(), latestExpiry);
  }

  /** Whether {@code password} is the user's current password (a slow check on purpose). */
  public boolean passwordMatches(User user, String password) {
    return passwords.matches(password, user.passwordHash());
  }

  public TokenService tokens() {
    return tokens;
  }

  /**
   * A fresh token when the username and password match an enabled user, else empty. Takes the same
   * time whether the username or the password was wrong.
   */
  public Optional<SignedIn> login(String username, String password) {
    Optional<User> user = users.findByUsername(username);
    if (user.isEmpty()) {
      passwords.matchesNothing(password);
      return Optional.empty();
    }
    User found = user.get();
    boolean passwordMatches = passwords.matches(password, found.passwordHash());
    if (!passwordMatches) {
      return Optional.empty();
    }
    return signIn(found);
  }

  /**
   * A fresh token for the user as they are now (after a password change, say), or empty when they
   * are disabled or have no valid role.
   */
  public Optional<SignedIn> signIn(User user) {
    Optional<Role> role = Role.fromLabel(user.role());
    if (user.disabled() || role.isEmpty()) {
      return Optional.empty();
    }
    IssuedToken token = tokens.issue(user);
    Principal principal = new Principal(user.id(), user.username(), role.get(), token.tokenId());
    return Optional.of(new SignedIn(principal, token));
  }

  /** The user behind a token, as the database has them now; empty for any invalid token. */
  public Optional<Principal> principal(String token) {
    return tokens
        .verify(token)
        .filter(verified -> !revokedTokens.isRevoked(verified.tokenId()))
        .flatMap(
            verified ->
                users
                    .find(verified.userId())
                    .filter(user -> !user.disabled())
                    .filter(user -> user.username().equals(verified.username()))
                    .filter(user -> user.sessionGeneration() == verified.sessionGeneration())
                    .flatMap(
                        user ->
                            Role.fromLabel(user.role())
                                .map(
                                    role ->
                                        new Principal(
                                            user.id(),
                                            user.username(),
                                            role,
                                            verified.tokenId()))));
  }

  /**
   * The result of a successful login. Immutable.
   *
   * @param principal the user, as the token's requests will see them
   * @param token the signed session token
   */
  public record SignedIn(Principal principal, IssuedToken token) {}
}
