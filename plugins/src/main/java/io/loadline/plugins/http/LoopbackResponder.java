package io.loadline.plugins.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * A minimal HTTP/1.1 or cleartext HTTP/2 (h2c, prior knowledge) responder on the loopback
 * interface, for the client's warm-up only: it answers every request with the same short {@code
 * 200}, on keep-alive connections, from one thread. In HTTP/1.1 it answers each request head it
 * reads (up to the blank line) and reads no request body, so only body-less requests may be sent to
 * it. In HTTP/2 it answers each stream the client ends, acknowledges SETTINGS and PING frames and
 * ignores every other frame; it decodes no header block, so its answers are the same whatever the
 * request. Kept this small, rather than a Jetty server, so that the warm-up compiles the client's
 * path and not a server's. It listens on {@code 127.0.0.1} at a port the system picks and is never
 * reachable from another machine.
 *
 * <p>Thread-safety: {@link #start()} and {@link #close()} from one owner thread; everything else
 * runs on the responder's own daemon thread.
 */
final class LoopbackResponder implements AutoCloseable {

  private static final byte[] RESPONSE =
      ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")
          .getBytes(StandardCharsets.US_ASCII);
  private static final int READ_BUFFER_BYTES = 16 * 1024;
  private static final long JOIN_MILLIS = 2_000;

  private final Selector selector;
  private final ServerSocketChannel server;
  private final boolean http2;
  private final Thread thread;
  private volatile boolean closed;

  private LoopbackResponder(Selector selector, ServerSocketChannel server, boolean http2) {
    this.selector = selector;
    this.server = server;
    this.http2 = http2;
    this.thread = new Thread(this::serve, "loadline-http-warm-up-responder");
    this.thread.setDaemon(true);
  }

  /** Opens the listening socket on 127.0.0.1 and starts answering in HTTP/1.1. */
  static LoopbackResponder start() throws IOException {
    return start(false);
  }

  /** Opens the listening socket on 127.0.0.1 and starts answering in HTTP/2 (h2c) or HTTP/1.1. */
  static LoopbackResponder start(boolean http2) throws IOException {
    Selector selector = Selector.open();
    ServerSocketChannel server = ServerSocketChannel.open();
    try {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException e) {
      server.close();
      selector.close();
      throw e;
    }
    LoopbackResponder responder = new LoopbackResponder(selector, server, http2);
    responder.thread.start();
    return responder;
  }

  /** The port it listens on. */
  int port() {
    try {
      return ((InetSocketAddress) server.getLocalAddress()).getPort();
    } catch (IOException e) {
      throw new IllegalStateException("the warm-up responder has no address", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    try {
      thread.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void serve() {
    ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    try (selector;
        server) {
      while (!closed) {
        selector.select();
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          handle(key, readBuffer);
        }
      }
      for (SelectionKey key : selector.keys()) {
        key.channel().close();
      }
    } catch (IOException e) {
      // The warm-up client sees its requests fail; the run itself is not affected.
    }
  }

  private void handle(SelectionKey key, ByteBuffer readBuffer) throws IOException {
    if (!key.isValid()) {
      return;
    }
    if (key.isAcceptable()) {
      SocketChannel channel = server.accept();
      if (channel != null) {
        channel.configureBlocking(false);
        channel.register(
            selector, SelectionKey.OP_READ, http2 ? new Http2Connection() : new Http1Connection());
      }
      return;
    }
    SocketChannel channel = (SocketChannel) key.channel();
    Connection connection = (Connection) key.attachment();
    try {
      if (key.isReadable()) {
        readBuffer.clear();
        int read = channel.read(readBuffer);
        if (read < 0) {
          channel.close();
          return;
        }
        readBuffer.flip();
        connection.read(readBuffer);
      }
      connection.write(channel);
      key.interestOps(
          connection.hasOutput()
              ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
              : SelectionKey.OP_READ);
    } catch (IOException e) {
      channel.close();
    }
  }

  /** One connection's state: what it has read, and what it still owes. */
  private interface Connection {

    /** Takes in bytes read from the connection; throws when the peer broke the protocol. */
    void read(ByteBuffer bytes) throws IOException;

    boolean hasOutput();

    /** Writes what it owes, as much as the socket takes. */
    void write(SocketChannel channel) throws IOException;
  }

  /** An HTTP/1.1 connection: how far into a blank line it is, and how many answers it owes. */
  private static final class Http1Connection implements Connection {
    private int matched;
    private int pendingResponses;
    private ByteBuffer output;

    @Override
    public void read(ByteBuffer bytes) {
      pendingResponses += countRequestEnds(bytes);
    }

    /** Counts the request heads that end in {@code bytes} ("\r\n\r\n"), across reads. */
    int countRequestEnds(ByteBuffer bytes) {
      int ends = 0;
      while (bytes.hasRemaining()) {
        byte b = bytes.get();
        boolean expectedCarriageReturn = matched % 2 == 0;
        if (b == (expectedCarriageReturn ? '\r' : '\n')) {
          matched++;
          if (matched == 4) {
            ends++;
            matched = 0;
          }
        } else {
          matched = b == '\r' ? 1 : 0;
        }
      }
      return ends;
    }

    @Override
    public boolean hasOutput() {
      return output != null && output.hasRemaining();
    }

    @Override
    public void write(SocketChannel channel) throws IOException {
      if (!hasOutput() && pendingResponses > 0) {
        output = ByteBuffer.allocate(RESPONSE.length * pendingResponses);
        for (int i = 0; i < pendingResponses; i++) {
          output.put(RESPONSE);
        }
        output.flip();
        pendingResponses = 0;
      }
      if (hasOutput()) {
        channel.write(output);
      }
    }
  }

  /**
   * A cleartext HTTP/2 connection with prior knowledge (RFC 9113, section 3.3): skips the client's
   * preface, cuts the rest into frames and answers each stream the client ends (a HEADERS or DATA
   * frame with END_STREAM) with a HEADERS frame and a DATA frame. Its own SETTINGS frame is empty:
   * the defaults, no limit on concurrent streams. It sends only a few bytes per stream, always
   * within the windows the client opens, so it keeps no flow-control account.
   */
  private static final class Http2Connection implements Connection {
    private static final int PREFACE_BYTES = 24;
    private static final int FRAME_HEADER_BYTES = 9;
    private static final int MAX_FRAME_BYTES = 16_384;
    private static final int DATA = 0x0;
    private static final int HEADERS = 0x1;
    private static final int SETTINGS = 0x4;
    private static final int PING = 0x6;
    private static final int END_STREAM = 0x1;
    private static final int ACK = 0x1;
    private static final int END_HEADERS = 0x4;

    /**
     * The answer's header block in HPACK: {@code :status 200} from the static table (index 8), then
     * content-type (index 31) and content-length (index 28) as literals without indexing, so that
     * no dynamic table is ever used.
     */
    private static final byte[] RESPONSE_HEADER_BLOCK = {
      (byte) 0x88,
      0x0f,
      0x10,
      10,
      't',
      'e',
      'x',
      't',
      '/',
      'p',
      'l',
      'a',
      'i',
      'n',
      0x0f,
      0x0d,
      1,
      '2'
    };

    private static final byte[] RESPONSE_BODY = "ok".getBytes(StandardCharsets.US_ASCII);

    private final ByteBuffer input = ByteBuffer.allocate(FRAME_HEADER_BYTES + MAX_FRAME_BYTES);
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
    private int prefaceLeft = PREFACE_BYTES;
    private ByteBuffer output;

    Http2Connection() {
      frame(SETTINGS, 0, 0, new byte[0]); // the server's preface
    }

    @Override
    public void read(ByteBuffer bytes) throws IOException {
      while (bytes.hasRemaining()) {
        if (prefaceLeft > 0) {
          int skipped = Math.min(prefaceLeft, bytes.remaining());
          bytes.position(bytes.position() + skipped);
          prefaceLeft -= skipped;
          continue;
        }
        int taken = Math.min(input.remaining(), bytes.remaining());
        input.put(input.position(), bytes, bytes.position(), taken);
        input.position(input.position() + taken);
        bytes.position(bytes.position() + taken);
        readFrames();
      }
    }

    /** Handles every whole frame in the input, keeping a partial one for the next read. */
    private void readFrames() throws IOException {
      input.flip();
      while (input.remaining() >= FRAME_HEADER_BYTES) {
        int start = input.position();
        int length =
            (input.get(start) & 0xff) << 16
                | (input.get(start + 1) & 0xff) << 8
                | (input.get(start + 2) & 0xff);
        if (length > MAX_FRAME_BYTES) {
          throw new IOException("a frame above the default maximum size: " + length + " bytes");
        }
        if (input.remaining() < FRAME_HEADER_BYTES + length) {
          break;
        }
        int type = input.get(start + 3) & 0xff;
        int flags = input.get(start + 4) & 0xff;
        int streamId = input.getInt(start + 5) & 0x7fff_ffff;
        if (type == SETTINGS && (flags & ACK) == 0) {
          frame(SETTINGS, ACK, 0, new byte[0]);
        } else if (type == PING && (flags & ACK) == 0) {
          byte[] opaque = new byte[length];
          input.get(start + FRAME_HEADER_BYTES, opaque);
          frame(PING, ACK, 0, opaque);
        } else if ((type == HEADERS || type == DATA) && (flags & END_STREAM) != 0) {
          frame(HEADERS, END_HEADERS, streamId, RESPONSE_HEADER_BLOCK);
          frame(DATA, END_STREAM, streamId, RESPONSE_BODY);
        }
        input.position(start + FRAME_HEADER_BYTES + length);
      }
      input.compact();
    }

    private void frame(int type, int flags, int streamId, byte[] payload) {
      pending.write(payload.length >>> 16);
      pending.write(payload.length >>> 8);
      pending.write(payload.length);
      pending.write(type);
      pending.write(flags);
      pending.write(streamId >>> 24);
      pending.write(streamId >>> 16);
      pending.write(streamId >>> 8);
      pending.write(streamId);
      pending.write(payload, 0, payload.length);
    }

    @Override
    public boolean hasOutput() {
      return (output != null && output.hasRemaining()) || pending.size() > 0;
    }

    @Override
    public void write(SocketChannel channel) throws IOException {
      if ((output == null || !output.hasRemaining()) && pending.size() > 0) {
        output = ByteBuffer.wrap(pending.toByteArray());
        pending.reset();
      }
      if (output != null && output.hasRemaining()) {
        channel.write(output);
      }
    }
  }
}
