package io.loadline.web.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.engine.IntervalSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalSpoolTest {

  @Test
  void intervalsComeBackInOrderAndTheTemporaryFileIsDeletedOnClose() {
    IntervalSpool spool = new IntervalSpool();
    Path file = spool.file();
    List<IntervalSnapshot> given =
        List.of(
            new IntervalSnapshot(0, Instant.parse("2026-12-04T10:00:01Z"), List.of()),
            new IntervalSnapshot(1, Instant.parse("2026-12-04T10:00:02Z"), List.of()));

    given.forEach(spool::onInterval);

    assertTrue(Files.exists(file), file.toString());
    assertEquals(given, spool.intervals());
    spool.onInterval(new IntervalSnapshot(2, Instant.parse("2026-12-04T10:00:03Z"), List.of()));
    assertEquals(List.of(0L, 1L, 2L), spool.intervals().stream().map(i -> i.second()).toList());
    spool.close();
    assertFalse(Files.exists(file), file + " outlived the spool");
  }
}
