package io.loadline.web.auth;

/**
 * The caller behind one request, as found in the database when the request arrived: a signed-in
 * user (session token) or a user's API key. Immutable.
 *
 * @param userId the user's id (for a key: the user it acts for)
 * @param username the user's name (for a key: its owner's)
 * @param role the role in force now: the user's current role, or for a key the lower of the key's
 *     role and its owner's current role
 * @param tokenId the session token's {@code jti}, from which dashboard CSRF tokens are derived;
 *     null for an API key
 * @param apiKeyId the API key's id, or null for a session token
 */
public record Principal(long userId, String username, Role role, String tokenId, Long apiKeyId) {

  /** A user signed in with a session token. */
  public Principal(long userId, String username, Role role, String tokenId) {
    this(userId, username, role, tokenId, null);
  }

  /** Whether the caller authenticated with an API key rather than a session token. */
  public boolean isApiKey() {
    return apiKeyId != null;
  }

  /** Who the audit log names: the username, or {@code key:<id>} for an API key. */
  public String actor() {
    return isApiKey() ? "key:" + apiKeyId : username;
  }
}
