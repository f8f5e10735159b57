package io.loadline.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.spi.Outcome;
import io.loadline.spi.StepResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureTallyTest {

  @Test
  void failuresAreCountedByKindAndMessageTheMostFrequentFirst() {
    FailureTally tally = new FailureTally();
    for (int i = 0; i < 3; i++) {
      tally.record(new StepResult(Outcome.SERVER_ERROR, 503, 10, ""));
    }
    tally.record(StepResult.failure(Outcome.TIMEOUT, "TimeoutException: Total timeout 100 ms"));
    tally.record(StepResult.failure(Outcome.TIMEOUT, "TimeoutException: Total timeout 100 ms"));
    tally.record(StepResult.failure(Outcome.CONNECT_ERROR, ""));

    assertEquals(
        List.of(
            new FailureMessage("server_error", "status 503", 3),
            new FailureMessage("timeout", "TimeoutException: Total timeout 100 ms", 2),
            new FailureMessage("connect_error", "connect_error", 1)),
        tally.snapshot());
  }

  @Test
  void identityHashesAreBlankedAndLongMessagesCut() {
    StepResult closed =
        StepResult.failure(
            Outcome.OTHER_ERROR, "EofException: HttpConnectionOverHTTP@5e9f23b4 closed");
    StepResult alsoClosed =
        StepResult.failure(
            Outcome.OTHER_ERROR, "EofException: HttpConnectionOverHTTP@1a2b3c4 closed");
    String longDetail = "x".repeat(1_000);

    assertEquals("EofException: HttpConnectionOverHTTP@… closed", FailureTally.message(closed));
    assertEquals(FailureTally.message(closed), FailureTally.message(alsoClosed));
    String cut = FailureTally.message(StepResult.failure(Outcome.OTHER_ERROR, longDetail));
    assertEquals(FailureTally.MAX_MESSAGE_LENGTH, cut.length());
    assertTrue(cut.endsWith("…"), cut);
  }

  @Test
  void messagesPastTheFirstDistinctOnesAreCountedTogetherUnderTheirKind() {
    FailureTally tally = new FailureTally();
    int distinct = FailureTally.MAX_MESSAGES + 5;
    for (int i = 0; i < distinct; i++) {
      tally.record(StepResult.failure(Outcome.OTHER_ERROR, "failure number " + i));
    }
    // A message kept before the cap is still counted as itself.
    tally.record(StepResult.failure(Outcome.OTHER_ERROR, "failure number 0"));

    List<FailureMessage> messages = tally.snapshot();
    assertEquals(FailureTally.MAX_MESSAGES + 1, messages.size(), messages.toString());
    assertEquals(
        new FailureMessage("other_error", FailureTally.OTHER_MESSAGES, 5), messages.get(0));
    assertEquals(new FailureMessage("other_error", "failure number 0", 2), messages.get(1));
    assertEquals(distinct + 1, messages.stream().mapToLong(FailureMessage::count).sum());
  }
}
