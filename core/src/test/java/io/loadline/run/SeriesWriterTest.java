package io.loadline.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.loadline.engine.IntervalSnapshot;
import io.loadline.testsupport.RunThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A run's series thread: in order, bounded, nothing lost, one warning when it falls behind. */
class SeriesWriterTest {

  @Test
  void aFullQueueMakesTheSubmitterWaitWarnsOnceAndLosesNoSnapshot() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(SeriesWriter.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    CountDownLatch release = new CountDownLatch(1);
    List<Long> handled = new CopyOnWriteArrayList<>();
    SeriesWriter writer =
        new SeriesWriter(
            7,
            snapshot -> {
              awaitQuietly(release);
              handled.add(snapshot.second());
            });
    int count = SeriesWriter.QUEUE_CAPACITY + 20;
    try {
      // The first snapshot holds the thread; the queue fills, then the submitter waits.
      Thread submitter =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (long second = 0; second < count; second++) {
                      writer.submit(new IntervalSnapshot(second, Instant.EPOCH, List.of()));
                    }
                  });
      submitter.join(200);
      assertTrue(submitter.isAlive(), "the submitter waits for room rather than dropping");
      release.countDown();
      submitter.join(10_000);

      assertTrue(writer.drain(Duration.ofSeconds(10)), "drained in time");
    } finally {
      release.countDown();
      logger.detachAppender(lines);
    }

    assertEquals(LongStream.range(0, count).boxed().toList(), handled);
    List<ILoggingEvent> warnings =
        lines.list.stream().filter(line -> line.getLevel() == Level.WARN).toList();
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.getFirst().getFormattedMessage().contains("Run 7"), warnings.toString());
    assertEquals("7", warnings.getFirst().getMDCPropertyMap().get(RunService.MDC_RUN_ID));
    assertEquals(List.of(), RunThreads.alive(SeriesWriter.threadName(7)));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
