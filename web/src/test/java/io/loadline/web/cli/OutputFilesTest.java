package io.loadline.web.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.LoadlineException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {

  @TempDir Path directory;

  @Test
  void aFileIsWrittenWithTheDirectoriesItNeeds() throws Exception {
    Path file = directory.resolve("a/b/report.csv");

    OutputFiles.write(file, "second,ended_at\n", "report");

    assertEquals("second,ended_at\n", Files.readString(file));
  }

  @Test
  void aFileThatCannotBeWrittenIsNamedWithTheReason() throws Exception {
    Path notADirectory = Files.writeString(directory.resolve("plain"), "x");
    Path file = notADirectory.resolve("report.csv");

    LoadlineException refused =
        assertThrows(LoadlineException.class, () -> OutputFiles.write(file, "x", "report"));

    assertTrue(
        refused.getMessage().startsWith("Cannot write the report " + file + ": FileAlreadyExists"),
        refused.getMessage());
  }
}
