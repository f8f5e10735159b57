package io.loadline.plugins.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The HTTP client's warm-up against its own loopback responder. */
class HttpWarmUpTest {

  private static final String ONE_RESPONSE =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";

  @Test
  void theWaitsBetweenLooksNeverRunPastTheLimit() {
    long ms = 1_000_000;
    // A 150 ms warm-up waits 150 ms, not a whole 250 ms check (it took about 300 ms in all).
    assertEquals(150, HttpWarmUp.nextWaitMillis(0, 150 * ms));
    assertEquals(250, HttpWarmUp.nextWaitMillis(0, 10_000 * ms));
    assertEquals(100, HttpWarmUp.nextWaitMillis(9_900 * ms, 10_000 * ms));
    // Part of a millisecond left is a millisecond; none left still waits one, then ends.
    assertEquals(1, HttpWarmUp.nextWaitMillis(149 * ms + 500_000, 150 * ms));
    assertEquals(1, HttpWarmUp.nextWaitMillis(200 * ms, 150 * ms));
  }

  @Test
  void theWarmUpAnswersItsOwnRequestsAndEndsWhenTheRunIsStopped() throws Exception {
    HttpProtocol protocol = new HttpProtocol(HttpClientSettings.DEFAULTS);
    protocol.start();
    try {
      long stopAt = System.nanoTime() + Duration.ofMillis(400).toNanos();
      HttpWarmUp.Report report =
          protocol.warmUpReport(Duration.ofMinutes(5), () -> System.nanoTime() > stopAt);

      assertTrue(report.completed() > 0, "requests answered: " + report);
      assertEquals(0, report.failed(), report.toString());
      assertFalse(report.settled(), "a stop, not idle compilers, ended it: " + report);
      assertTrue(report.took().compareTo(Duration.ofMinutes(1)) < 0, report.toString());
    } finally {
      protocol.close();
    }
  }

  @Test
  void aProtocolThatIsNotStartedDoesNotWarmUp() throws Exception {
    HttpProtocol protocol = new HttpProtocol(HttpClientSettings.DEFAULTS);
    assertNull(protocol.warmUpReport(Duration.ofSeconds(1), () -> false));
  }

  @Test
  void theResponderAnswersEveryRequestHeadHoweverItsBytesArrive() throws Exception {
    try (LoopbackResponder responder = LoopbackResponder.start();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), responder.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      // Two heads in one write, then a third split inside its blank line.
      write(out, "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
      write(out, "GET /c HTTP/1.1\r\nHost: x\r\n\r");
      Thread.sleep(50);
      write(out, "\n");

      String expected = ONE_RESPONSE.repeat(3);
      assertEquals(expected, read(socket.getInputStream(), expected.length()));
    }
  }

  private static void write(OutputStream out, String text) throws Exception {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String read(InputStream in, int length) throws Exception {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[1024];
    while (received.size() < length) {
      int read = in.read(buffer);
      if (read < 0) {
        break;
      }
      received.write(buffer, 0, read);
    }
    return received.toString(StandardCharsets.US_ASCII);
  }
}
