package io.loadline.plugins.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.spi.Outcome;
import io.loadline.spi.Protocol;
import io.loadline.spi.StepResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code version: 2} over TLS: h2 negotiated by ALPN against a Jetty server on 127.0.0.1 with a
 * certificate made for the test by the JDK's keytool; the client trusts it through the protocol's
 * {@code trustStore} option.
 */
class Http2TlsTest {

  @TempDir static Path directory;

  private static Path keyStore;

  @BeforeAll
  static void makeCertificate() throws Exception {
    keyStore = TlsTestServers.selfSignedKeyStore(directory, "target.p12", "ip:127.0.0.1");
    TlsTestServers.trustStoreOf(keyStore, "trust.p12", "PKCS12");
  }

  @Test
  void anHttpsUrlIsSentInHttp2NegotiatedByAlpn() throws Exception {
    Queue<String> versions = new ConcurrentLinkedQueue<>();
    Server server = TlsTestServers.start(keyStore, true, versions);
    Protocol protocol = http2Protocol();
    try {
      StepResult result = TlsTestServers.send(protocol, TlsTestServers.url(server, "/tls"));

      assertEquals(Outcome.SUCCESS, result.outcome(), result.detail());
      assertEquals(200, result.statusCode());
      assertEquals(List.of("HTTP/2.0"), List.copyOf(versions));
    } finally {
      protocol.close();
      server.stop();
    }
  }

  @Test
  void aTlsServerWithoutH2FailsTheRequestInsteadOfFallingBackToHttp11() throws Exception {
    Queue<String> versions = new ConcurrentLinkedQueue<>();
    Server server = TlsTestServers.start(keyStore, false, versions);
    Protocol protocol = http2Protocol();
    try {
      StepResult result = TlsTestServers.send(protocol, TlsTestServers.url(server, "/tls"));

      assertEquals(Outcome.OTHER_ERROR, result.outcome(), result.detail());
      assertTrue(result.detail().startsWith(HttpFlight.NOT_HTTP2), result.detail());
      assertTrue(versions.isEmpty(), "the server answered " + versions);
    } finally {
      protocol.close();
      server.stop();
    }
  }

  private static Protocol http2Protocol() throws Exception {
    return TlsTestServers.startedProtocol(
        Map.of(
            "version",
            "2",
            "trustStore",
            "trust.p12",
            "trustStorePassword",
            TlsTestServers.PASSWORD),
        directory);
  }
}
