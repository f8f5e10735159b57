package io.loadline.plugins.random;

import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * How the {@code random} feeder generates one field, as a plan declares it: {@code uuid}, <code>
 * {int: [min, max]}</code>, <code>{pick: [a, b]}</code> or <code>{string: length}</code>.
 * Immutable; generation draws only from the random source it is given, so it is thread-safe.
 */
sealed interface RandomField {

  /** A value drawn from {@code random}. */
  String generate(SplittableRandom random);

  /** A random (version 4) UUID in its usual text form. */
  record Uuid() implements RandomField {
    @Override
    public String generate(SplittableRandom random) {
      long mostSignificant = (random.nextLong() & ~0xF000L) | 0x4000L;
      long leastSignificant = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
      return new UUID(mostSignificant, leastSignificant).toString();
    }
  }

  /**
   * A whole number from {@code min} to {@code max}, both included.
   *
   * @param min the smallest value
   * @param max the largest value, at least {@code min}
   */
  record IntRange(long min, long max) implements RandomField {
    @Override
    public String generate(SplittableRandom random) {
      return Long.toString(random.nextLong(min, max + 1));
    }
  }

  /**
   * One of the listed values, each as likely.
   *
   * @param choices at least one value
   */
  record Pick(List<String> choices) implements RandomField {
    public Pick {
      choices = List.copyOf(choices);
    }

    @Override
    public String generate(SplittableRandom random) {
      return choices.get(random.nextInt(choices.size()));
    }
  }

  /**
   * A string of {@code length} letters and digits ({@code A-Z}, {@code a-z}, {@code 0-9}).
   *
   * @param length the number of characters, 1 or more
   */
  record Text(int length) implements RandomField {
    private static final String ALPHABET =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    @Override
    public String generate(SplittableRandom random) {
      char[] characters = new char[length];
      for (int i = 0; i < length; i++) {
        characters[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
      }
      return new String(characters);
    }
  }
}
