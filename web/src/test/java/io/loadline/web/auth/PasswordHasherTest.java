package io.loadline.web.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  void aHashNamesItsAlgorithmAndIterationsAndMatchesOnlyItsPassword() {
    String hash = hasher.hash("correct horse");

    String[] parts = hash.split("\\$");
    assertEquals(4, parts.length);
    assertEquals("pbkdf2", parts[0]);
    assertTrue(Integer.parseInt(parts[1]) >= 210_000);
    assertTrue(hasher.matches("correct horse", hash));
    assertFalse(hasher.matches("correct horse ", hash));
  }

  @Test
  void theSamePasswordHashesDifferentlyEachTime() {
    assertNotEquals(hasher.hash("same"), hasher.hash("same"));
  }

  @Test
  void aMalformedHashNeverMatches() {
    assertFalse(hasher.matches("x", "pbkdf2$abc$def"));
    assertFalse(hasher.matches("x", "plain-text"));
    assertFalse(hasher.matches("x", null));
    assertFalse(hasher.matchesNothing("x"));
  }
}
