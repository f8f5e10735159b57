package io.loadline.web.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.loadline.store.User;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the server's session tokens: JWT with HS256, issuer {@value #ISSUER}, audience
 * {@value #AUDIENCE}, one hour of life. Verification checks the signature, the algorithm (so {@code
 * alg: none} and any other algorithm fail), the issuer, the audience and the expiry. Also derives
 * the dashboard's per-session CSRF token from a token's id. Thread-safe.
 */
public final class TokenService {

  public static final String ISSUER = "loadline";
  public static final String AUDIENCE = "loadline-api";
  public static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

  /** The shortest secret accepted: 32 bytes is the HS256 key size. */
  public static final int MINIMUM_SECRET_BYTES = 32;

  private static final String USER_ID_CLAIM = "uid";

  /**
   * The user's session generation when the token was signed. A token without it (signed before the
   * claim existed) reads as generation 0, which every user had until their first password change.
   */
  private static final String GENERATION_CLAIM = "sgen";

  private final Algorithm algorithm;
  private final JWTVerifier verifier;
  private final byte[] csrfKey;
  private final Clock clock;

  /**
   * @param secret the signing secret; at least {@value #MINIMUM_SECRET_BYTES} bytes of UTF-8
   * @throws IllegalArgumentException when the secret is too short
   */
  public TokenService(String secret, Clock clock) {
    byte[] secretBytes = secret.getBytes(StandardCharsets.UTF_8);
    if (secretBytes.length < MINIMUM_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "The JWT secret is "
              + secretBytes.length
              + " bytes; it must be at least "
              + MINIMUM_SECRET_BYTES
              + ". Set LOADLINE_JWT_SECRET to a longer random string, or unset it to let the"
              + " server generate and keep one.");
    }
    this.algorithm = Algorithm.HMAC256(secretBytes);
    this.verifier =
        ((JWTVerifier.BaseVerification)
                JWT.require(algorithm)
                    .withIssuer(ISSUER)
                    .withAudience(AUDIENCE)
                    .withClaimPresence(USER_ID_CLAIM))
            .build(clock);
    this.csrfKey = hmac(secretBytes, "loadline csrf key");
    this.clock = clock;
  }

  /** Signs a token for the user, under their current session generation. */
  public IssuedToken issue(User user) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = now.plus(TOKEN_LIFETIME);
    String tokenId = UUID.randomUUID().toString();
    String token =
        JWT.create()
            .withIssuer(ISSUER)
            .withAudience(AUDIENCE)
            .withSubject(user.username())
            .withClaim(USER_ID_CLAIM, user.id())
            .withClaim(GENERATION_CLAIM, user.sessionGeneration())
            .withIssuedAt(now)
            .withExpiresAt(expiresAt)
            .withJWTId(tokenId)
            .sign(algorithm);
    return new IssuedToken(token, expiresAt, tokenId);
  }

  /** The verified claims of a token, or empty when it fails any check. */
  public Optional<VerifiedToken> verify(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    try {
      DecodedJWT decoded = verifier.verify(token);
      Long userId = decoded.getClaim(USER_ID_CLAIM).asLong();
      String tokenId = decoded.getId();
      if (userId == null || tokenId == null) {
        return Optional.empty();
      }
      Long generation = decoded.getClaim(GENERATION_CLAIM).asLong();
      return Optional.of(
          new VerifiedToken(
              userId, decoded.getSubject(), tokenId, generation == null ? 0 : generation));
    } catch (JWTVerificationException rejected) {
      return Optional.empty();
    }
  }

  /** The CSRF token that goes with a session token's id; stable for the token's life. */
  public String csrfToken(String tokenId) {
    byte[] mac = hmac(csrfKey, "csrf|" + tokenId);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
  }

  /** Whether {@code presented} is the CSRF token of the session, compared in constant time. */
  public boolean csrfTokenMatches(String tokenId, String presented) {
    if (presented == null) {
      return false;
    }
    byte[] expected = csrfToken(tokenId).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException unavailable) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", unavailable);
    }
  }

  /**
   * The claims of a token that passed every check. Immutable.
   *
   * @param userId the {@code uid} claim
   * @param username the subject
   * @param tokenId the {@code jti} claim
   * @param sessionGeneration the user's session generation when it was signed
   */
  public record VerifiedToken(
      long userId, String username, String tokenId, long sessionGeneration) {}
}
