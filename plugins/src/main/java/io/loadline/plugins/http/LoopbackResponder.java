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
 * A minimal HTTP/1.1 responder on the loopback interface, for the client's warm-up only: it answers
 * every request head it reads (up to the blank line) with the same short {@code 200}, on keep-alive
 * connections, from one thread. It reads no request body, so only body-less requests may be sent to
 * it. It listens on {@code 127.0.0.1} at a port the system picks and is never reachable from
 * another machine.
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
  private final Thread thread;
  private volatile boolean closed;

  private LoopbackResponder(Selector selector, ServerSocketChannel server) {
    this.selector = selector;
    this.server = server;
    this.thread = new Thread(this::serve, "loadline-http-warm-up-responder");
    this.thread.setDaemon(true);
  }

  /** Opens the listening socket on 127.0.0.1 and starts answering. */
  static LoopbackResponder start() throws IOException {
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
    LoopbackResponder responder = new LoopbackResponder(selector, server);
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
        channel.register(selector, SelectionKey.OP_READ, new Connection());
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
        connection.pendingResponses += connection.countRequestEnds(readBuffer);
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

  /** One connection's state: how far into a blank line it is, and what it still owes. */
  private static final class Connection {
    private int matched;
    private int pendingResponses;
    private ByteBuffer output;

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

    boolean hasOutput() {
      return output != null && output.hasRemaining();
    }

    void write(SocketChannel channel) throws IOException {
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
}
