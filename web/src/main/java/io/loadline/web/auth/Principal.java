package io.loadline.web.auth;

/**
 * The signed-in user behind one request, as found in the database when the request arrived.
 * Immutable.
 *
 * @param userId the user's id
 * @param username the user's name
 * @param role the user's current role (from the database, not from the token)
 * @param tokenId the token's {@code jti}; dashboard CSRF tokens are derived from it
 */
public record Principal(long userId, String username, Role role, String tokenId) {}
