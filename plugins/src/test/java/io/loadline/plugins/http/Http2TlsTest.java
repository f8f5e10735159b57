package io.loadline.plugins.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.spi.Exchange;
import io.loadline.spi.Outcome;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PreparedStep;
import io.loadline.spi.Protocol;
import io.loadline.spi.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code version: 2} over TLS: h2 negotiated by ALPN against a Jetty server on 127.0.0.1 with a
 * certificate made for the test by the JDK's keytool; the client trusts it through the JDK's {@code
 * javax.net.ssl.trustStore} property, set for this test only.
 */
class Http2TlsTest {

  private static final String PASSWORD = "loadline-test";

  @TempDir static Path directory;

  private static String previousTrustStore;
  private static String previousTrustStorePassword;

  @BeforeAll
  static void makeCertificate() throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Path keyStore = directory.resolve("target.p12");
    Process process =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "target",
                "-keyalg",
                "EC",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool ran too long");
    assertEquals(0, process.exitValue(), output);
    assertTrue(Files.exists(keyStore));
    previousTrustStore = System.getProperty("javax.net.ssl.trustStore");
    previousTrustStorePassword = System.getProperty("javax.net.ssl.trustStorePassword");
    System.setProperty("javax.net.ssl.trustStore", keyStore.toString());
    System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
  }

  @AfterAll
  static void restoreTrust() {
    restore("javax.net.ssl.trustStore", previousTrustStore);
    restore("javax.net.ssl.trustStorePassword", previousTrustStorePassword);
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  @Test
  void anHttpsUrlIsSentInHttp2NegotiatedByAlpn() throws Exception {
    Queue<String> versions = new ConcurrentLinkedQueue<>();
    Server server = tlsServer(true, versions);
    Protocol protocol = http2Protocol();
    try {
      StepResult result = send(protocol, "https://127.0.0.1:" + port(server) + "/tls");

      assertEquals(Outcome.SUCCESS, result.outcome(), result.detail());
      assertEquals(200, result.statusCode());
      assertEquals(java.util.List.of("HTTP/2.0"), java.util.List.copyOf(versions));
    } finally {
      protocol.close();
      server.stop();
    }
  }

  @Test
  void aTlsServerWithoutH2FailsTheRequestInsteadOfFallingBackToHttp11() throws Exception {
    Queue<String> versions = new ConcurrentLinkedQueue<>();
    Server server = tlsServer(false, versions);
    Protocol protocol = http2Protocol();
    try {
      StepResult result = send(protocol, "https://127.0.0.1:" + port(server) + "/tls");

      assertEquals(Outcome.OTHER_ERROR, result.outcome(), result.detail());
      assertTrue(result.detail().startsWith(HttpFlight.NOT_HTTP2), result.detail());
      assertTrue(versions.isEmpty(), "the server answered " + versions);
    } finally {
      protocol.close();
      server.stop();
    }
  }

  private static Protocol http2Protocol() throws Exception {
    Protocol protocol =
        new HttpProtocolFactory().create(PluginConfig.of("p", Map.of("version", "2"), null));
    protocol.start();
    return protocol;
  }

  private static StepResult send(Protocol protocol, String url) throws Exception {
    PreparedStep step =
        protocol.prepare(PluginConfig.of("s.steps[0].request", Map.of("url", url), null));
    CompletableFuture<StepResult> result = new CompletableFuture<>();
    protocol.execute(
        step,
        Map.of(),
        new Exchange() {
          @Override
          public Duration timeout() {
            return Duration.ofSeconds(5);
          }

          @Override
          public void sent() {}

          @Override
          public void complete(StepResult stepResult) {
            result.complete(stepResult);
          }
        });
    return result.get(10, TimeUnit.SECONDS);
  }

  private static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** A TLS server on 127.0.0.1 offering h2 by ALPN, or HTTP/1.1 alone. */
  private static Server tlsServer(boolean offerH2, Queue<String> versions) throws Exception {
    Server server = new Server();
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStorePath(directory.resolve("target.p12").toString());
    tls.setKeyStorePassword(PASSWORD);
    HttpConfiguration configuration = new HttpConfiguration();
    configuration.addCustomizer(new SecureRequestCustomizer(false));
    HttpConnectionFactory http11 = new HttpConnectionFactory(configuration);
    ServerConnector connector;
    if (offerH2) {
      ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2");
      alpn.setDefaultProtocol("h2");
      HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(configuration);
      connector =
          new ServerConnector(server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, h2);
    } else {
      connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), http11);
    }
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            versions.add(request.getConnectionMetaData().getHttpVersion().asString());
            Content.Sink.write(response, true, "secure", callback);
            return true;
          }
        });
    server.start();
    return server;
  }
}
