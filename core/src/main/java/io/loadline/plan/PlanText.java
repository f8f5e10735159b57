package io.loadline.plan;

import io.loadline.spi.ConfigProblem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns the bytes of a plan (a request body, a file) into its text, refusing what would change it
 * silently: bytes that are not UTF-8, and control characters that YAML and JSON do not allow raw.
 * Stateless and thread-safe.
 */
public final class PlanText {

  private PlanText() {}

  /**
   * The plan's text, without the byte order mark some editors put first (JSON parsers refuse it).
   *
   * @throws PlanValidationException naming the first byte that is not UTF-8, or the line and column
   *     of the first forbidden control character
   */
  public static String decode(byte[] bytes) {
    String decoded = decodeUtf8(bytes);
    String text = decoded.startsWith("\uFEFF") ? decoded.substring(1) : decoded;
    int line = 1;
    int column = 1;
    for (int index = 0; index < text.length(); index++) {
      char character = text.charAt(index);
      if (character == '\n') {
        line++;
        column = 1;
        continue;
      }
      if (character < 0x20 && character != '\t' && character != '\r' || character == 0x7f) {
        throw invalid(
            String.format(
                "holds the control character U+%04X at line %d, column %d; plans are text:"
                    + " remove it or write it as an escape in a quoted string",
                (int) character, line, column));
      }
      column++;
    }
    return text;
  }

  private static String decodeUtf8(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try {
      return decoder.decode(buffer).toString();
    } catch (CharacterCodingException notUtf8) {
      throw invalid(
          "is not valid UTF-8 (first bad byte near offset "
              + buffer.position()
              + "); save the plan as UTF-8 and send it again");
    }
  }

  private static PlanValidationException invalid(String message) {
    return new PlanValidationException(List.of(new ConfigProblem("", message)));
  }
}
