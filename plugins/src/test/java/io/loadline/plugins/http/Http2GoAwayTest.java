package io.loadline.plugins.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.loadline.spi.Exchange;
import io.loadline.spi.Outcome;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PreparedStep;
import io.loadline.spi.Protocol;
import io.loadline.spi.StepResult;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A server that closes an HTTP/2 connection with a GOAWAY before it took every request up, as nginx
 * does after {@code keepalive_requests}: the requests it never processed are sent again on a new
 * connection, not counted as failures. The server is written frame by frame on 127.0.0.1, since no
 * stock server sends such a GOAWAY on demand: its first connection answers the first stream, then
 * says GOAWAY with that stream as the last it processed; later connections answer every stream.
 */
class Http2GoAwayTest {

  private static final int HEADERS = 1;
  private static final int SETTINGS = 4;
  private static final int GOAWAY = 7;
  private static final int END_STREAM = 0x1;
  private static final int END_HEADERS = 0x4;
  private static final int ACK = 0x1;

  /** HPACK for ":status: 200", entry 8 of the static table. */
  private static final byte STATUS_200 = (byte) 0x88;

  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger streamsSeen = new AtomicInteger();

  @Test
  void aRequestTheServerRefusedWithAGoAwayIsSentAgainOnANewConnection() throws Exception {
    ExecutorService threads = Executors.newCachedThreadPool();
    try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      threads.submit(() -> accept(server, threads));
      Protocol protocol =
          new HttpProtocolFactory()
              .create(
                  PluginConfig.of(
                      "p", Map.of("version", "2", "maxConnectionsPerDestination", 1), null));
      protocol.start();
      try {
        PreparedStep step =
            protocol.prepare(
                PluginConfig.of(
                    "s.steps[0].request",
                    Map.of("url", "http://127.0.0.1:" + server.getLocalPort() + "/"),
                    null));
        List<CompletableFuture<StepResult>> results = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          CompletableFuture<StepResult> result = new CompletableFuture<>();
          results.add(result);
          protocol.execute(step, Map.of(), exchange(result));
        }

        for (CompletableFuture<StepResult> result : results) {
          StepResult ended = result.get(20, TimeUnit.SECONDS);
          assertEquals(Outcome.SUCCESS, ended.outcome(), ended.detail());
          assertEquals(200, ended.statusCode());
        }
        assertEquals(2, connections.get(), "the refused request went on a second connection");
        assertEquals(3, streamsSeen.get(), "two streams on the first connection, one after");
      } finally {
        protocol.close();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private void accept(ServerSocket server, ExecutorService threads) {
    try {
      while (true) {
        Socket socket = server.accept();
        int number = connections.incrementAndGet();
        threads.submit(() -> serve(socket, number == 1));
      }
    } catch (IOException closed) {
      // the test is over
    }
  }

  /** Answers every stream, or, on the first connection, the first of two and then GOAWAY. */
  private void serve(Socket socket, boolean goAwayAfterFirst) {
    try (socket) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      in.readFully(new byte[24]); // the client's connection preface
      frame(out, SETTINGS, 0, 0, new byte[0]);
      List<Integer> streams = new ArrayList<>();
      while (true) {
        int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int stream = in.readInt() & 0x7fffffff;
        in.readFully(new byte[length]);
        if (type == SETTINGS && (flags & ACK) == 0) {
          frame(out, SETTINGS, ACK, 0, new byte[0]);
        } else if (type == HEADERS) {
          streamsSeen.incrementAndGet();
          if (!goAwayAfterFirst) {
            frame(out, HEADERS, END_HEADERS | END_STREAM, stream, new byte[] {STATUS_200});
            continue;
          }
          streams.add(stream);
          if (streams.size() == 2) {
            // The first is answered; the GOAWAY says it was the last taken up, so the second
            // was not processed and may be sent again.
            frame(out, HEADERS, END_HEADERS | END_STREAM, streams.get(0), new byte[] {STATUS_200});
            frame(
                out, GOAWAY, 0, 0, ByteBuffer.allocate(8).putInt(streams.get(0)).putInt(0).array());
          }
        }
      }
    } catch (IOException closed) {
      // the client closed the connection
    }
  }

  private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload)
      throws IOException {
    ByteBuffer header = ByteBuffer.allocate(9 + payload.length);
    header.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8));
    header.put((byte) payload.length).put((byte) type).put((byte) flags).putInt(stream);
    header.put(payload);
    out.write(header.array());
    out.flush();
  }

  private static Exchange exchange(CompletableFuture<StepResult> result) {
    return new Exchange() {
      @Override
      public Duration timeout() {
        return Duration.ofSeconds(10);
      }

      @Override
      public void sent() {}

      @Override
      public void complete(StepResult stepResult) {
        result.complete(stepResult);
      }
    };
  }
}
