package io.loadline.plugins.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.loadline.spi.ConfigProblem;
import io.loadline.spi.InvalidConfigException;
import io.loadline.spi.Outcome;
import io.loadline.spi.PluginConfig;
import io.loadline.spi.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Which TLS certificates the http protocol trusts: by default the JDK's authorities alone, so a
 * self-signed server fails with a detail naming the two options; with {@code insecureSkipTLSVerify}
 * any certificate for any host; with {@code trustStore} the certificates of that store, host names
 * still checked. Over HTTP/1.1 and HTTP/2 alike, against Jetty TLS servers on 127.0.0.1 with
 * keytool-made certificates. A wrong trust store is a problem at its field when the protocol is
 * created, that is when the plan is validated.
 */
class HttpTlsTrustTest {

  private static final String PROTOCOL = "scenarios[0].protocol";

  /** The data directory: trust stores are named relative to it. */
  @TempDir static Path data;

  private static Path keyStore;
  private static Path otherHostKeyStore;

  @BeforeAll
  static void makeCertificates() throws Exception {
    keyStore = TlsTestServers.selfSignedKeyStore(data, "target.p12", "ip:127.0.0.1");
    TlsTestServers.trustStoreOf(keyStore, "trust.p12", "PKCS12");
    TlsTestServers.trustStoreOf(keyStore, "trust.jks", "JKS");
    otherHostKeyStore =
        TlsTestServers.selfSignedKeyStore(data, "other-host.p12", "dns:staging.invalid");
    TlsTestServers.trustStoreOf(otherHostKeyStore, "other-host-trust.p12", "PKCS12");
    Files.writeString(data.resolve("notes.txt"), "not a key store\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.1", "2"})
  void aSelfSignedServerFailsWithoutOptionsAndTheDetailNamesThem(String version) throws Exception {
    StepResult result = sendOnce(keyStore, Map.of("version", version));

    assertEquals(Outcome.OTHER_ERROR, result.outcome(), result.detail());
    assertEquals(0, result.statusCode());
    assertTrue(result.detail().startsWith(HttpFlight.CERTIFICATE_NOT_TRUSTED), result.detail());
    assertTrue(result.detail().contains("trustStore"), result.detail());
    assertTrue(result.detail().contains("insecureSkipTLSVerify: true"), result.detail());
    // Jetty's own words stay at the end, for whoever needs the JDK's reason.
    assertTrue(result.detail().contains("SSLHandshakeException"), result.detail());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.1", "2"})
  void insecureSkipTlsVerifyAcceptsASelfSignedCertificateForAnotherHostAndWarnsOnce(String version)
      throws Exception {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(log);
    Queue<String> versions = new ConcurrentLinkedQueue<>();
    // The certificate names staging.invalid, not 127.0.0.1: the host name is not checked either.
    Server server = TlsTestServers.start(otherHostKeyStore, true, versions);
    HttpProtocol protocol =
        TlsTestServers.startedProtocol(
            Map.of("version", version, "insecureSkipTLSVerify", true), data);
    try {
      StepResult first = TlsTestServers.send(protocol, TlsTestServers.url(server, "/a"));
      StepResult second = TlsTestServers.send(protocol, TlsTestServers.url(server, "/b"));

      for (StepResult result : List.of(first, second)) {
        assertEquals(Outcome.SUCCESS, result.outcome(), result.detail());
        assertEquals(200, result.statusCode());
      }
      String expected = version.equals("2") ? "HTTP/2.0" : "HTTP/1.1";
      assertEquals(List.of(expected, expected), List.copyOf(versions));
      // One warning for the run, ours; Jetty's two of its own are silenced.
      List<String> warnings =
          log.list.stream()
              .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
              .map(ILoggingEvent::getFormattedMessage)
              .toList();
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("certificates are not verified"), warnings.toString());
    } finally {
      root.detachAppender(log);
      log.stop();
      protocol.close();
      server.stop();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.1", "2"})
  void aTrustStoreHoldingTheCertificateMakesItTrusted(String version) throws Exception {
    Queue<String> versions = new ConcurrentLinkedQueue<>();
    Server server = TlsTestServers.start(keyStore, true, versions);
    HttpProtocol protocol =
        TlsTestServers.startedProtocol(
            Map.of(
                "version",
                version,
                "trustStore",
                "trust.p12",
                "trustStorePassword",
                TlsTestServers.PASSWORD),
            data);
    try {
      StepResult result = TlsTestServers.send(protocol, TlsTestServers.url(server, "/t"));

      assertEquals(Outcome.SUCCESS, result.outcome(), result.detail());
      assertEquals(200, result.statusCode());
      assertEquals(List.of(version.equals("2") ? "HTTP/2.0" : "HTTP/1.1"), List.copyOf(versions));
    } finally {
      protocol.close();
      server.stop();
    }
  }

  @Test
  void aJksTrustStoreIsReadWithOrWithoutItsPassword() throws Exception {
    // JKS keeps certificates unencrypted: the password only checks the file's integrity.
    for (Map<String, Object> settings :
        List.<Map<String, Object>>of(
            Map.of("trustStore", "trust.jks", "trustStorePassword", TlsTestServers.PASSWORD),
            Map.of("trustStore", "trust.jks"))) {
      StepResult result = sendOnce(keyStore, settings);

      assertEquals(Outcome.SUCCESS, result.outcome(), settings + ": " + result.detail());
    }
  }

  @Test
  void aTrustStoreStillChecksTheHostName() throws Exception {
    StepResult result =
        sendOnce(
            otherHostKeyStore,
            Map.of(
                "trustStore",
                "other-host-trust.p12",
                "trustStorePassword",
                TlsTestServers.PASSWORD));

    assertEquals(Outcome.OTHER_ERROR, result.outcome(), result.detail());
    assertTrue(result.detail().startsWith(HttpFlight.CERTIFICATE_NOT_TRUSTED), result.detail());
  }

  @Test
  void aTrustStoreReplacesTheJdkDefaultsAndIsReadFromTheDataDirectory() throws Exception {
    HttpClientSettings settings =
        settings(Map.of("trustStore", "trust.p12", "trustStorePassword", "loadline-test"));

    assertEquals(data.resolve("trust.p12").toAbsolutePath().normalize(), settings.trustStore());
    assertFalse(settings.insecureSkipTLSVerify());
    assertFalse(settings.toString().contains("loadline-test"), settings.toString());
    assertNull(HttpClientSettings.DEFAULTS.trustStore());
    assertFalse(HttpClientSettings.DEFAULTS.insecureSkipTLSVerify());
  }

  @Test
  void aWrongTrustStoreIsAProblemAtItsField() {
    assertProblem(
        Map.of("trustStore", "missing.p12"),
        "trustStore",
        "'missing.p12' was not found in the data directory");
    assertProblem(
        Map.of("trustStore", "notes.txt", "trustStorePassword", "x"),
        "trustStore",
        "'notes.txt' is not a PKCS12 or JKS key store");
    assertProblem(
        Map.of("trustStore", "trust.p12", "trustStorePassword", "wrong"),
        "trustStorePassword",
        "is not the password of 'trust.p12'");
    assertProblem(
        Map.of("trustStore", "trust.jks", "trustStorePassword", "wrong"),
        "trustStorePassword",
        "is not the password of 'trust.jks'");
    assertProblem(
        Map.of("trustStore", "trust.p12"),
        "trustStore",
        "'trust.p12' holds no certificates; if it has a password, set trustStorePassword");
    assertProblem(
        Map.of("trustStore", "../trust.p12"), "trustStore", "must stay inside the data directory");
    assertProblem(
        Map.of("trustStore", data.resolve("trust.p12").toString()),
        "trustStore",
        "must be a path relative to the data directory");
    assertProblem(
        Map.of("trustStorePassword", "secret"),
        "trustStorePassword",
        "is set but trustStore is not");
  }

  @Test
  void aTrustStoreWithInsecureSkipTlsVerifyIsContradictory() {
    assertProblem(
        Map.of(
            "trustStore",
            "trust.p12",
            "trustStorePassword",
            TlsTestServers.PASSWORD,
            "insecureSkipTLSVerify",
            true),
        "trustStore",
        "cannot be used with insecureSkipTLSVerify: true");
    // With false it says nothing against the trust store.
    HttpClientSettings settings =
        assertDoesNotThrowSettings(
            Map.of(
                "trustStore",
                "trust.p12",
                "trustStorePassword",
                TlsTestServers.PASSWORD,
                "insecureSkipTLSVerify",
                false));
    assertFalse(settings.insecureSkipTLSVerify());
  }

  /** One GET to a fresh TLS server with {@code serverKeyStore}, from a fresh protocol. */
  private static StepResult sendOnce(Path serverKeyStore, Map<String, Object> settings)
      throws Exception {
    Server server = TlsTestServers.start(serverKeyStore, true, new ConcurrentLinkedQueue<>());
    HttpProtocol protocol = TlsTestServers.startedProtocol(settings, data);
    try {
      return TlsTestServers.send(protocol, TlsTestServers.url(server, "/"));
    } finally {
      protocol.close();
      server.stop();
    }
  }

  private static void assertProblem(Map<String, Object> settings, String key, String message) {
    InvalidConfigException thrown =
        assertThrows(InvalidConfigException.class, () -> settings(settings), settings.toString());
    List<ConfigProblem> problems = thrown.problems();
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(PROTOCOL + "." + key, problems.get(0).path(), problems.toString());
    assertTrue(problems.get(0).message().contains(message), problems.toString());
  }

  private static HttpClientSettings assertDoesNotThrowSettings(Map<String, Object> values) {
    try {
      return settings(values);
    } catch (InvalidConfigException e) {
      throw new AssertionError(e.problems().toString(), e);
    }
  }

  private static HttpClientSettings settings(Map<String, Object> values)
      throws InvalidConfigException {
    return ((HttpProtocol)
            new HttpProtocolFactory()
                .create(PluginConfig.of(PROTOCOL, new HashMap<>(values), data)))
        .settings();
  }
}
