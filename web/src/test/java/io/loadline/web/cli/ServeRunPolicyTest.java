package io.loadline.web.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.run.RunRecord;
import io.loadline.run.RunState;
import io.loadline.testsupport.TestTarget;
import io.loadline.web.Plans;
import io.loadline.web.TestServer;
import io.loadline.web.security.SecurityConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --run FILE} goes through the server's target allow-list like a save through the API:
 * two targets on 127.0.0.1, only one of them in {@code LOADLINE_ALLOWED_TARGETS}.
 */
class ServeRunPolicyTest {

  @TempDir static Path directory;

  private static TestTarget allowed;
  private static TestTarget excluded;
  private static TestServer test;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void start() throws Exception {
    allowed = new TestTarget();
    excluded = new TestTarget();
    int allowedPort = URI.create(allowed.url("/")).getPort();
    SecurityConfig security =
        SecurityConfig.fromEnvironment(
            Map.of("LOADLINE_ALLOWED_TARGETS", "127.0.0.1:" + allowedPort));
    test = TestServer.start(directory.resolve("data"), security);
  }

  @AfterAll
  static void stop() throws Exception {
    test.close();
    allowed.close();
    excluded.close();
  }

  @Test
  void aPlanAimedOutsideTheAllowListIsNeitherStoredNorRun() throws Exception {
    Path plan = write("outside.yaml", Plans.yaml("outside", excluded.url(""), "5/s", "1s"));

    boolean started = ServeCommand.startRun(test.server, plan, writer(out), writer(err));

    assertFalse(started, out.toString());
    String printed = err.toString();
    assertTrue(printed.contains("is refused by the server's security settings"), printed);
    assertTrue(
        printed.contains("scenarios[0].steps[0].request.url: ")
            && printed.contains("is not in LOADLINE_ALLOWED_TARGETS"),
        printed);
    // The other test may have stored and run its own plan; none of this one's is there.
    assertTrue(
        test.server.plans().list().stream().noneMatch(stored -> stored.name().equals("outside")),
        "nothing stored");
    assertTrue(excluded.requestTargets().isEmpty(), "the excluded target got no request");
  }

  @Test
  void aPlanInsideTheAllowListIsStoredAndRun() throws Exception {
    Path plan = write("inside.yaml", Plans.yaml("inside", allowed.url(""), "5/s", "1s"));

    boolean started = ServeCommand.startRun(test.server, plan, writer(out), writer(err));

    assertTrue(started, err.toString());
    List<RunRecord> runs = test.server.runs().list(Optional.empty(), 10);
    assertEquals(1, runs.size(), "the one run of the allowed plan: " + runs);
    RunRecord ended = test.server.runs().awaitEnd(runs.get(0).id(), Duration.ofSeconds(20)).get();
    assertEquals(RunState.PASSED, ended.state());
    assertTrue(out.toString().contains("Run #" + ended.id() + " of 'inside'"), out.toString());
    assertFalse(allowed.requestTargets().isEmpty(), "the allowed target got the run's requests");
  }

  private static PrintWriter writer(StringWriter sink) {
    return new PrintWriter(sink, true);
  }

  private static Path write(String name, String content) throws Exception {
    return Files.writeString(directory.resolve(name), content);
  }
}
