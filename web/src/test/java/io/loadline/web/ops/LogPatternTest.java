package io.loadline.web.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.loadline.run.RunService;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The server's log format (logback.xml) prints the run id of a line about a run. */
class LogPatternTest {

  @Test
  @SuppressWarnings("unchecked") // logback.xml's STDERR appender is a ConsoleAppender of events
  void aLineAboutARunShowsItsRunIdInBrackets() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    OutputStreamAppender<ILoggingEvent> stderr =
        (OutputStreamAppender<ILoggingEvent>) root.getAppender("STDERR");
    PatternLayoutEncoder encoder = (PatternLayoutEncoder) stderr.getEncoder();
    LoggingEvent event =
        new LoggingEvent(
            RunService.class.getName(),
            context.getLogger(RunService.class),
            Level.INFO,
            "Run {} started",
            null,
            new Object[] {42});
    event.setMDCPropertyMap(Map.of(RunService.MDC_RUN_ID, "42"));

    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

    assertTrue(line.contains("INFO  [42] "), line);
    assertTrue(line.contains("Run 42 started"), line);
  }
}
