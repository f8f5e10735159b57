package io.loadline.web.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes and checks passwords with the JDK's PBKDF2WithHmacSHA256 and a random salt per password.
 * Hashes are encoded as {@code pbkdf2$<iterations>$<salt base64>$<hash base64>}, so the iteration
 * count can be raised later without breaking stored hashes. Thread-safe.
 *
 * <p>One hash costs a few hundred milliseconds of CPU on purpose; that is what makes guessing slow.
 */
public final class PasswordHasher {

  /** OWASP's 2023 floor for PBKDF2-HMAC-SHA256. */
  public static final int ITERATIONS = 210_000;

  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final String PREFIX = "pbkdf2";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;

  private final SecureRandom random = new SecureRandom();

  /** A hash of a random password, checked against when a username is unknown. */
  private final String decoyHash;

  public PasswordHasher() {
    byte[] decoyPassword = new byte[12];
    random.nextBytes(decoyPassword);
    this.decoyHash = hash(Base64.getEncoder().encodeToString(decoyPassword));
  }

  /** Hashes a password with a fresh salt. */
  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] derived = derive(password, salt, ITERATIONS);
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    return PREFIX
        + "$"
        + ITERATIONS
        + "$"
        + base64.encodeToString(salt)
        + "$"
        + base64.encodeToString(derived);
  }

  /**
   * Whether the password matches the encoded hash, compared in constant time. A malformed hash
   * never matches.
   */
  public boolean matches(String password, String encodedHash) {
    String[] parts = encodedHash == null ? new String[0] : encodedHash.split("\\$");
    if (parts.length != 4 || !parts[0].equals(PREFIX)) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      byte[] actual = derive(password, salt, iterations);
      return MessageDigest.isEqual(expected, actual);
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  /**
   * Spends the same time as a real check and returns false; used for unknown usernames so the
   * answer's timing does not tell which part of a login was wrong.
   */
  public boolean matchesNothing(String password) {
    matches(password, decoyHash);
    return false;
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    char[] characters = password.toCharArray();
    PBEKeySpec spec = new PBEKeySpec(characters, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException unavailable) {
      throw new IllegalStateException(ALGORITHM + " is missing from this JDK", unavailable);
    } finally {
      spec.clearPassword();
      java.util.Arrays.fill(characters, '\0');
    }
  }
}
