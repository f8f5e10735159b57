package io.loadline.web.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.web.demo.DemoTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a headless run prints about its checks and extractions, end to end. */
class CheckOutputTest {

  @TempDir Path directory;

  @Test
  void aRunPrintsEachCheckAndExtractionWithItsCountsUnderTheTable() throws Exception {
    StringWriter out = new StringWriter();
    int exitCode;
    try (DemoTarget target = DemoTarget.start(0)) {
      String plan =
          """
          name: checked
          scenarios:
            - name: shop
              load: {model: constant, rate: 10/s, duration: 1s}
              steps:
                - name: stats
                  request: {url: "%1$s/fast"}
                  checks:
                    - status: 200
                    - bodyContains: NOPE
                - name: never
                  request: {url: "%1$s/fast"}
            - name: tokens
              load: {model: constant, rate: 10/s, duration: 1s}
              steps:
                - name: login
                  request: {url: "%1$s/fast"}
                  extract:
                    token: {json: $.token}
                - name: after
                  request: {url: "%1$s/fast?t={{token}}"}
          """
              .formatted(target.baseUrl());
      Path file = Files.writeString(directory.resolve("checked.yaml"), plan);
      picocli.CommandLine commandLine = Main.commandLine();
      commandLine.setOut(new PrintWriter(out, true));
      commandLine.setErr(new PrintWriter(new StringWriter(), true));
      exitCode =
          commandLine.execute(
              "run", file.toString(), "--no-progress", "--plugins-dir", directory.toString());
    }

    assertEquals(0, exitCode, out.toString());
    String printed = out.toString();
    int heading = printed.indexOf("Checks and extractions");
    assertTrue(heading > printed.indexOf("scenario / step"), printed);
    List<String> rows = printed.substring(heading).lines().skip(2).limit(3).toList();
    assertEquals(
        List.of(
            List.of("shop / stats", "check status in [200]", "10", "0", "0.0%"),
            List.of("shop / stats", "check body contains 'NOPE'", "0", "10", "100.0%"),
            List.of(
                "tokens / login",
                "extract token: json $.token",
                "0",
                "10",
                "100.0%",
                "10 iterations ended here")),
        rows.stream().map(row -> List.of(row.strip().split(" {2,}"))).toList(),
        printed);
  }
}
