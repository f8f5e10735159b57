package io.loadline.plugins.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.loadline.spi.Exchange;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.PreparedStep;
import io.loadline.spi.Protocol;
import io.loadline.spi.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
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

/**
 * TLS for the http protocol's tests: self-signed certificates and trust stores made by the JDK's
 * own keytool (no test certificate is checked in, none expires in the repository), and Jetty TLS
 * servers on 127.0.0.1 that answer "secure" and record the HTTP version of each request.
 */
final class TlsTestServers {

  /** The password of every key store and trust store made here. */
  static final String PASSWORD = "loadline-test";

  private TlsTestServers() {}

  /**
   * A PKCS12 key store {@code name} in {@code directory} holding a new self-signed EC certificate
   * for the subject alternative name {@code san}, such as {@code ip:127.0.0.1}, valid two days.
   */
  static Path selfSignedKeyStore(Path directory, String name, String san) throws Exception {
    Path keyStore = directory.resolve(name);
    keytool(
        "-genkeypair",
        "-alias",
        "target",
        "-keyalg",
        "EC",
        "-dname",
        "CN=loadline test",
        "-ext",
        "SAN=" + san,
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        PASSWORD);
    assertTrue(Files.exists(keyStore));
    return keyStore;
  }

  /**
   * A trust store {@code name} of the given type (PKCS12 or JKS) in the same directory, holding the
   * certificate of {@code keyStore} alone (exported, then imported), with {@link #PASSWORD}.
   */
  static Path trustStoreOf(Path keyStore, String name, String type) throws Exception {
    Path certificate = keyStore.resolveSibling(name + ".cer");
    keytool(
        "-exportcert",
        "-alias",
        "target",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        certificate.toString());
    Path trustStore = keyStore.resolveSibling(name);
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "target",
        "-file",
        certificate.toString(),
        "-storetype",
        type,
        "-keystore",
        trustStore.toString(),
        "-storepass",
        PASSWORD);
    assertTrue(Files.exists(trustStore));
    return trustStore;
  }

  private static void keytool(String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool ran too long");
    assertEquals(0, process.exitValue(), output);
  }

  /**
   * A started TLS server on 127.0.0.1, port 0, presenting the certificate of {@code keyStore}. With
   * {@code offerH2} it offers h2 and http/1.1 by ALPN (http/1.1 to a client that asks for nothing);
   * without, it speaks HTTP/1.1 alone and offers no ALPN. Each request's HTTP version goes to
   * {@code versions}.
   */
  static Server start(Path keyStore, boolean offerH2, Queue<String> versions) throws Exception {
    Server server = new Server();
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStorePath(keyStore.toString());
    tls.setKeyStorePassword(PASSWORD);
    HttpConfiguration configuration = new HttpConfiguration();
    // The certificates here name 127.0.0.1 or another host, never the Host header's form.
    configuration.addCustomizer(new SecureRequestCustomizer(false));
    HttpConnectionFactory http11 = new HttpConnectionFactory(configuration);
    ServerConnector connector;
    if (offerH2) {
      ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
      alpn.setDefaultProtocol("http/1.1");
      HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(configuration);
      connector =
          new ServerConnector(
              server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, h2, http11);
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

  /** The https:// URL of {@code path} on the server. */
  static String url(Server server, String path) {
    return "https://127.0.0.1:"
        + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
        + path;
  }

  /** A started protocol with the given run-level settings, files resolved in {@code data}. */
  static HttpProtocol startedProtocol(Map<String, ?> settings, Path data) throws Exception {
    HttpProtocol protocol =
        (HttpProtocol)
            new HttpProtocolFactory()
                .create(PluginConfig.of("scenarios[0].protocol", settings, data));
    protocol.start();
    return protocol;
  }

  /** Sends one GET to {@code url} and waits, at most ten seconds, for its result. */
  static StepResult send(Protocol protocol, String url) throws Exception {
    PreparedStep step =
        protocol.prepare(
            PluginConfig.of("scenarios[0].steps[0].request", Map.of("url", url), null));
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
}
