package io.loadline.plugins.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.loadline.spi.Exchange;
import io.loadline.spi.Outcome;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PreparedStep;
import io.loadline.spi.Protocol;
import io.loadline.spi.StepResult;
import io.loadline.testsupport.TestTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The client's threads carry the MDC of the thread that started the protocol: the run id. */
class HttpRunContextTest {

  private static final String STEP = "scenarios[0].steps[0].request";

  private TestTarget target;
  private Protocol protocol;

  @BeforeEach
  void startOnARunThread() throws Exception {
    target = new TestTarget();
    protocol = new HttpProtocolFactory().create(PluginConfig.of("p", Map.of(), Path.of(".")));
    MDC.put("runId", "77");
    try {
      protocol.start();
    } finally {
      MDC.remove("runId");
    }
  }

  @AfterEach
  void close() throws Exception {
    protocol.close();
    target.close();
  }

  @Test
  void aCompletionOnAClientThreadSeesTheRunIdOfTheThreadThatStartedTheProtocol() throws Exception {
    Completion answered = execute(target.url("/ok"), Duration.ofSeconds(5));
    Completion timedOut = execute(target.url("/slow/2000"), Duration.ofMillis(150));

    assertEquals(Outcome.SUCCESS, answered.result().outcome());
    assertEquals(Outcome.TIMEOUT, timedOut.result().outcome());
    for (Completion completion : new Completion[] {answered, timedOut}) {
      assertNotEquals(Thread.currentThread().getName(), completion.threadName());
      assertEquals("77", completion.runId(), "on " + completion.threadName());
    }
    assertNull(MDC.get("runId"), "the test thread's MDC is left as it was");
  }

  private Completion execute(String url, Duration timeout) throws Exception {
    PreparedStep step = protocol.prepare(PluginConfig.of(STEP, Map.of("url", url), Path.of(".")));
    CompletableFuture<Completion> completed = new CompletableFuture<>();
    protocol.execute(
        step,
        Map.of(),
        new Exchange() {
          @Override
          public Duration timeout() {
            return timeout;
          }

          @Override
          public void sent() {}

          @Override
          public void complete(StepResult result) {
            completed.complete(
                new Completion(result, Thread.currentThread().getName(), MDC.get("runId")));
          }
        });
    return completed.get(10, TimeUnit.SECONDS);
  }

  /** What the exchange saw when the protocol completed it. */
  private record Completion(StepResult result, String threadName, String runId) {}
}
