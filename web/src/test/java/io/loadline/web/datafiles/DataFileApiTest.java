package io.loadline.web.datafiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.loadline.store.AuditEntry;
import io.loadline.web.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feeder data uploaded through the API, stored in the data directory and used by a plan. */
class DataFileApiTest {

  private static final String USERS_CSV = "id,name\r\n1,Ann\r\n\r\n2,Bo\r\n";

  @TempDir static Path dataDirectory;
  private static TestServer test;
  private static String operator;
  private static String viewer;

  @BeforeAll
  static void startServer() {
    test = TestServer.start(dataDirectory);
    operator = test.tokenFor(test.createUser("otto", "operator-password", "operator"));
    viewer = test.tokenFor(test.createUser("vic", "viewer-password", "viewer"));
  }

  @AfterAll
  static void stopServer() {
    test.close();
  }

  @Test
  void anOperatorUploadsAFileThatAPlansFeederThenReads() throws Exception {
    HttpResponse<String> created = put("users.csv", USERS_CSV.getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> replaced = put("users.csv", USERS_CSV.getBytes(StandardCharsets.UTF_8));

    assertEquals(201, created.statusCode(), created.body());
    assertEquals(200, replaced.statusCode(), replaced.body());
    assertEquals(USERS_CSV, Files.readString(dataDirectory.resolve("users.csv")));
    JsonNode listed = find(test.readJson(test.get("/api/v1/data", viewer).body()), "users.csv");
    assertEquals(USERS_CSV.length(), listed.get("bytes").asInt());
    HttpResponse<String> plan = createPlan("users.csv");
    assertEquals(201, plan.statusCode(), plan.body());
    HttpResponse<String> missing = createPlan("nobody.csv");
    assertEquals(400, missing.statusCode(), missing.body());
    assertTrue(missing.body().contains("scenarios[0].feeder.file"), missing.body());
  }

  @Test
  void theUploadIsAuditedWithTheFileName() {
    assertEquals(
        201, put("audited.json", "[{\"id\": 1}]".getBytes(StandardCharsets.UTF_8)).statusCode());

    List<AuditEntry> entries = test.server.security().auditLog().list(20);
    assertTrue(
        entries.stream()
            .anyMatch(
                e ->
                    e.action().equals("data.upload")
                        && e.target().equals("data:audited.json")
                        && e.outcome().equals("ok")
                        && e.actor().equals("otto")),
        entries.toString());
  }

  @Test
  void aFileLargerThanTheOneMebibyteRequestLimitIsStillAccepted() throws Exception {
    byte[] body = csvOfBytes(2 * 1024 * 1024);

    HttpResponse<String> response = put("big.csv", body);

    assertEquals(201, response.statusCode(), response.body());
    assertEquals(body.length, Files.size(dataDirectory.resolve("big.csv")));
  }

  @Test
  void aFileOverTheLimitIsRefusedWith413AndNothingIsStored() throws Exception {
    byte[] body = csvOfBytes((int) DataFileApi.MAX_FILE_BYTES + 1);

    // Expect: 100-continue, as curl sends for large uploads: the server refuses on the declared
    // length before any body is sent, so the client always reads the 413 instead of racing the
    // server's close of a connection it is still writing to.
    HttpResponse<String> response =
        test.send(
            test.request("/api/v1/data/huge.csv", operator)
                .header("Content-Type", "text/csv")
                .expectContinue(true)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));

    assertEquals(413, response.statusCode(), response.body());
    assertEquals(
        "The data file is larger than the limit of 32 MiB (33554432 bytes) a data file may have"
            + " (it has at least "
            + body.length
            + " bytes); split it or trim it.",
        test.readJson(response.body()).get("error").asText());
    assertFalse(Files.exists(dataDirectory.resolve("huge.csv")));
    try (Stream<Path> files = Files.list(dataDirectory)) {
      assertEquals(
          List.of(),
          files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".upload")).toList());
    }
  }

  @Test
  void namesOutsideTheSafePatternAreRefusedAndNothingIsWritten() {
    for (String name : List.of("loadline.db", ".hidden.csv", "users.txt", "a%2F..%2Fb.csv")) {
      HttpResponse<String> response = put(name, "id\n1\n".getBytes(StandardCharsets.UTF_8));

      assertTrue(
          response.statusCode() == 400 || response.statusCode() == 404,
          name + ": " + response.statusCode() + " " + response.body());
    }
    assertFalse(Files.exists(dataDirectory.resolve("users.txt")));
    assertFalse(Files.exists(dataDirectory.resolve(".hidden.csv")));
    assertFalse(Files.exists(dataDirectory.getParent().resolve("b.csv")));
  }

  @Test
  void aViewerMayListButNotUpload() {
    HttpResponse<String> response =
        test.send(
            test.request("/api/v1/data/viewer.csv", viewer)
                .PUT(HttpRequest.BodyPublishers.ofString("id\n1\n")));

    assertEquals(403, response.statusCode(), response.body());
    assertEquals(200, test.get("/api/v1/data", viewer).statusCode());
    assertFalse(Files.exists(dataDirectory.resolve("viewer.csv")));
  }

  private static HttpResponse<String> put(String name, byte[] body) {
    return test.send(
        test.request("/api/v1/data/" + name, operator)
            .header("Content-Type", "text/csv")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static HttpResponse<String> createPlan(String file) {
    String yaml =
        """
        name: fed
        scenarios:
          - name: browse
            load: {model: constant, rate: 1/s, duration: 1s}
            feeder: {type: csv, file: %s, strategy: queue}
            steps:
              - request: {url: "%s/api/v1/health?id={{id}}"}
        """
            .formatted(file, test.url(""));
    return test.send(
        test.request("/api/v1/plans", operator)
            .header("Content-Type", "application/yaml")
            .POST(HttpRequest.BodyPublishers.ofString(yaml)));
  }

  private static JsonNode find(JsonNode list, String name) {
    for (JsonNode file : list) {
      if (file.get("name").asText().equals(name)) {
        return file;
      }
    }
    throw new AssertionError(name + " not listed in " + list);
  }

  private static byte[] csvOfBytes(int size) {
    byte[] body = new byte[size];
    Arrays.fill(body, (byte) '1');
    byte[] header = "id\n".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(header, 0, body, 0, header.length);
    return body;
  }
}
