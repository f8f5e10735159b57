package io.loadline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlanTextTest {

  @Test
  void utf8TextWithTabsAndLineEndingsIsKeptExactly() {
    String source = "name: café ☕\r\nscenarios:\n\t- x\n";

    assertEquals(source, PlanText.decode(source.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aLeadingByteOrderMarkIsDroppedSoThatAJsonPlanStillParses() {
    byte[] withMark = "\uFEFF{\"name\": \"p\"}".getBytes(StandardCharsets.UTF_8);

    String text = PlanText.decode(withMark);

    assertEquals("{\"name\": \"p\"}", text);
  }

  @Test
  void latin1BytesAreRefusedInsteadOfBeingReplaced() {
    byte[] latin1 = "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);

    PlanValidationException refused =
        assertThrows(PlanValidationException.class, () -> PlanText.decode(latin1));

    assertEquals(1, refused.problems().size());
    assertTrue(refused.problems().get(0).message().startsWith("is not valid UTF-8"));
  }

  @Test
  void aRawNulCharacterIsRefusedWithItsLineAndColumn() {
    byte[] withNul = "name: ok\nother: nul\0byte\n".getBytes(StandardCharsets.UTF_8);

    PlanValidationException refused =
        assertThrows(PlanValidationException.class, () -> PlanText.decode(withNul));

    assertTrue(
        refused.problems().get(0).message().contains("U+0000 at line 2, column 11"),
        refused.problems().get(0).message());
  }
}
