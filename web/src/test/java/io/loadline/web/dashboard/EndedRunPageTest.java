package io.loadline.web.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.run.RunRecord;
import io.loadline.web.Plans;
import io.loadline.web.TestServer;
import io.loadline.web.demo.DemoTarget;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that has ended offers no Stop button, on its page or in its live fragment. */
class EndedRunPageTest {

  @TempDir Path dataDirectory;

  @Test
  void anEndedRunShowsNoStopButton() throws Exception {
    try (DemoTarget target = DemoTarget.start(0);
        TestServer test = TestServer.start(dataDirectory)) {
      long planId =
          test.server
              .plans()
              .create("ends", "yaml", Plans.yaml("ends", target.baseUrl(), "5/s", "1s"))
              .id();
      long runId = test.server.runs().start(planId).id();
      RunRecord ended = test.server.runs().awaitEnd(runId, Duration.ofSeconds(30)).orElseThrow();
      assertTrue(ended.state().isTerminal(), ended.toString());
      String cookie = "loadline_session=" + test.adminToken();

      HttpResponse<String> page =
          test.send(test.request("/runs/" + runId).header("Cookie", cookie).GET());
      HttpResponse<String> live =
          test.send(test.request("/runs/" + runId + "/live").header("Cookie", cookie).GET());

      assertEquals(200, page.statusCode(), page.body());
      assertTrue(page.body().contains("PASSED"), page.body());
      assertFalse(page.body().contains("/stop\""), page.body());
      assertFalse(page.body().contains(">Stop<"), page.body());
      assertEquals(200, live.statusCode(), live.body());
      assertFalse(live.body().contains(">Stop<"), live.body());
    }
  }
}
