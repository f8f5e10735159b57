package io.loadline.web.auth;

import io.loadline.store.ApiKey;
import io.loadline.store.ApiKeyStore;
import io.loadline.store.User;
import io.loadline.store.UserStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Issues and checks API keys. A key is {@value #PREFIX} followed by 32 random bytes (256 bits) in
 * URL-safe Base64; only its SHA-256 is stored. A fast hash is enough here, unlike for passwords: a
 * key is not chosen by a person, so there is nothing to guess from a dictionary, and 2^256
 * candidates cannot be searched however fast each one is to hash. The fast hash also lets a key be
 * found by an index lookup of its hash on every request. Thread-safe.
 *
 * <p>A key acts with the lower of its own role and its owner's current role, and stops working at
 * once when it is revoked, expires, or its owner is disabled or deleted.
 */
public final class ApiKeys {

  /**
   * Every key starts with this, so it is recognisable in a bearer header and in secret scanners.
   */
  public static final String PREFIX = "ll_";

  /** {@code last_used_at} is written at most this often per key, not on every request. */
  static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

  private static final int KEY_BYTES = 32;

  private final ApiKeyStore keys;
  private final UserStore users;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public ApiKeys(ApiKeyStore keys, UserStore users, Clock clock) {
    this.keys = keys;
    this.users = users;
    this.clock = clock;
  }

  public ApiKeyStore store() {
    return keys;
  }

  /** Whether a presented credential looks like an API key rather than a session token. */
  public static boolean looksLikeKey(String credential) {
    return credential != null && credential.startsWith(PREFIX);
  }

  /**
   * Creates a key for {@code owner}; the caller has checked that the creator may do so and that
   * {@code role} is no higher than the creator's.
   *
   * @param expiresAt when it stops working, or null for never
   */
  public CreatedKey create(User owner, String name, Role role, Instant expiresAt) {
    byte[] bytes = new byte[KEY_BYTES];
    random.nextBytes(bytes);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ApiKey stored = keys.create(owner.id(), name, hash(secret), role.label(), expiresAt);
    return new CreatedKey(stored, secret);
  }

  /** The caller a key stands for, or empty when it is unknown, revoked, expired or orphaned. */
  public Optional<Principal> authenticate(String secret) {
    if (!looksLikeKey(secret)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Optional<ApiKey> key = keys.findByHash(hash(secret)).filter(k -> k.isUsableAt(now));
    if (key.isEmpty()) {
      return Optional.empty();
    }
    Optional<User> owner = users.find(key.get().userId()).filter(user -> !user.disabled());
    Optional<Role> keyRole = Role.fromLabel(key.get().role());
    Optional<Role> ownerRole = owner.flatMap(user -> Role.fromLabel(user.role()));
    if (owner.isEmpty() || keyRole.isEmpty() || ownerRole.isEmpty()) {
      return Optional.empty();
    }
    markUsed(key.get(), now);
    Role effective = keyRole.get().includes(ownerRole.get()) ? ownerRole.get() : keyRole.get();
    return Optional.of(
        new Principal(owner.get().id(), owner.get().username(), effective, null, key.get().id()));
  }

  private void markUsed(ApiKey key, Instant now) {
    Instant lastUsed = key.lastUsedAt();
    if (lastUsed == null || lastUsed.plus(LAST_USED_PRECISION).isBefore(now)) {
      keys.markUsed(key.id());
    }
  }

  /** The stored form of a key: lower-case hex SHA-256 of its UTF-8 text. */
  static String hash(String secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException unavailable) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", unavailable);
    }
  }

  /**
   * A key just created: the stored record and the secret, which exists only in this object and in
   * the one answer that shows it. Immutable.
   */
  public record CreatedKey(ApiKey key, String secret) {

    @Override
    public String toString() {
      return "CreatedKey[" + key + "]";
    }
  }
}
