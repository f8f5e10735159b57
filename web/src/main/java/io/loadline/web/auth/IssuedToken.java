package io.loadline.web.auth;

import java.time.Instant;

/**
 * A freshly signed session token. Immutable.
 *
 * @param token the compact JWT to send as {@code Authorization: Bearer <token>} or in the cookie
 * @param expiresAt when the token stops being accepted
 * @param tokenId the token's {@code jti}
 */
public record IssuedToken(String token, Instant expiresAt, String tokenId) {

  @Override
  public String toString() {
    return "IssuedToken[expiresAt=" + expiresAt + "]";
  }
}
