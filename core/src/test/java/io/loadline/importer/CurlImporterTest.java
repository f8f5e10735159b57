package io.loadline.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurlImporterTest {

  private final CurlImporter curl = new CurlImporter();

  @Test
  void singleAndDoubleQuotesAndBackslashesSplitAsAShellWould() {
    assertEquals(
        List.of("curl", "a b", "say \"hi\" $x", "it's", "c d", "e\\f"),
        ShellWords.split("curl 'a b' \"say \\\"hi\\\" \\$x\" 'it'\\''s' c\\ d 'e\\f'"));
    assertEquals(List.of("curl", "-H", "A: b"), ShellWords.split("curl \\\n  -H 'A: b'"));
    assertEquals(List.of("x", ""), ShellWords.split("x ''"));
  }

  @Test
  void aGetWithHeadersKeepsThemAndIgnoresCompressed() {
    ImportedStep.Request step =
        curl.read(
            "curl 'http://127.0.0.1:8081/api?q=1' -H 'Accept: application/json'"
                + " -H \"X-Quote: say \\\"hi\\\"\" -H 'Connection: keep-alive' --compressed");

    assertEquals("GET", step.request().method());
    assertEquals("http://127.0.0.1:8081/api?q=1", step.request().url());
    assertEquals(
        Map.of("Accept", "application/json", "X-Quote", "say \"hi\""), step.request().headers());
    assertNull(step.request().body());
    assertFalse(step.followRedirects());
  }

  @Test
  void anExplicitMethodWithRawJsonDataKeepsTheBodyAsWritten() {
    ImportedStep.Request step =
        curl.read(
            "curl -X PUT --url http://127.0.0.1:8081/items/1 -H 'Content-Type: application/json'"
                + " --data-raw '{\"name\": \"it'\\''s\"}'");

    assertEquals("PUT", step.request().method());
    assertEquals("{\"name\": \"it's\"}", step.request().body());
    assertEquals(Map.of("Content-Type", "application/json"), step.request().headers());
  }

  @Test
  void dataWithoutAMethodIsAFormPostAndUserBecomesABasicAuthorizationHeader() {
    ImportedStep.Request step =
        curl.read("curl -u ann:secret -d a=1 --data b=2 --data-binary c=3 http://127.0.0.1:8081/f");

    assertEquals("POST", step.request().method());
    assertEquals("a=1&b=2&c=3", step.request().body());
    assertEquals(
        Map.of(
            "Authorization", "Basic YW5uOnNlY3JldA==",
            "Content-Type", "application/x-www-form-urlencoded"),
        step.request().headers());
  }

  @Test
  void anAttachedMethodAndLocationAreUnderstood() {
    ImportedStep.Request step = curl.read("curl -XDELETE -L http://127.0.0.1:8081/items/2");

    assertEquals("DELETE", step.request().method());
    assertTrue(step.followRedirects());
  }

  @Test
  void whatCannotBeImportedIsRefusedByName() {
    assertTrue(message("curl --proxy http://p:1 http://127.0.0.1:8081/").contains("--proxy"));
    assertTrue(message("curl -d @body.json http://127.0.0.1:8081/").contains("body.json"));
    assertTrue(message("curl 'http://127.0.0.1:8081/").contains("unclosed single quote"));
    assertTrue(message("curl -H 'Accept: x'").contains("no URL"));
    assertTrue(message("wget http://127.0.0.1:8081/").contains("start with 'curl'"));
    assertTrue(message("curl ftp://127.0.0.1/file").contains("not http"));
    assertTrue(message("curl http://127.0.0.1:8081/ -H").contains("needs a value"));
  }

  private String message(String commandLine) {
    return assertThrows(ImportException.class, () -> curl.read(commandLine)).getMessage();
  }
}
