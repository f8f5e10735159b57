package io.loadline.plugins.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Year;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class TemplateCompilerTest {

  private final TemplateCompiler compiler = new TemplateCompiler();

  @Test
  void jsonBodiesGetJsonEscapedValues() throws Exception {
    String tricky = "Ann \"the\" \\ best\nline";
    TextTemplate body = compiler.compile("{\"name\": \"{{name}}\"}", "body", Encoding.JSON);

    String rendered = body.render(Map.of("name", tricky), ThreadLocalRandom.current());

    assertEquals(tricky, new ObjectMapper().readTree(rendered).get("name").asText());
  }

  @Test
  void functionsGiveWhatTheySay() {
    assertEquals("YWJj", render("{{base64('abc')}}"));
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        render("{{sha256('abc')}}"));
    assertEquals("a%20b%26c", render("{{urlEncode(v)}}", Map.of("v", "a b&c")));
    assertEquals(Integer.toString(Year.now().getValue()), render("{{now('yyyy')}}"));
    assertTrue(
        render("{{uuid()}}")
            .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"));
    assertTrue(render("{{randomString(12)}}").matches("[A-Za-z0-9]{12}"));
    for (int i = 0; i < 200; i++) {
      int value = Integer.parseInt(render("{{randomInt(3, 5)}}"));
      assertTrue(value >= 3 && value <= 5, "randomInt(3, 5) gave " + value);
    }
    assertEquals("Zm9vLWJhcg==", render("{{base64(v)}}", Map.of("v", "foo-bar")));
  }

  @Test
  void theNamesAStepReadsAreRecordedFunctionArgumentsIncluded() {
    compiler.startStep();
    compiler.compile("{{a}} {{sha256(b)}} {{uuid()}} {{{c}}}", "x", Encoding.RAW);

    assertEquals(Set.of("a", "b", "c"), compiler.namesOfStep());
  }

  @Test
  void malformedPlaceholdersAreRejectedWhenCompiled() {
    assertThrows(
        IllegalArgumentException.class, () -> compiler.compile("{{sha256(}}", "x", Encoding.RAW));
    assertThrows(
        IllegalArgumentException.class, () -> compiler.compile("{{now('a'}}", "y", Encoding.RAW));
  }

  @Test
  void aRandomStringLengthFromAVariableIsCappedWhenTheRequestIsMade() {
    assertEquals(65_536, render("{{randomString(n)}}", Map.of("n", "65536")).length());

    // Mustache wraps what the function throws; the request then fails as other_error.
    RuntimeException tooLong =
        assertThrows(
            RuntimeException.class, () -> render("{{randomString(n)}}", Map.of("n", "2000000000")));
    assertEquals(
        "randomString(length) takes a length from 0 to 65536, was 2000000000",
        rootCause(tooLong).getMessage());
  }

  private static Throwable rootCause(Throwable thrown) {
    Throwable cause = thrown;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  @Test
  void theOriginOfAUrlEndsAtItsFirstPathOrQuery() {
    assertEquals(16, TemplateCompiler.originEnd("http://host:8080/x?q={{v}}"));
    assertEquals(8, TemplateCompiler.originEnd("{{base}}/get?q={{v}}"));
    assertEquals(16, TemplateCompiler.originEnd("http://{{h/x}}:1/p"));
  }

  private String render(String text) {
    return render(text, Map.of());
  }

  private String render(String text, Map<String, String> variables) {
    return compiler
        .compile(text, text, Encoding.RAW)
        .render(variables, ThreadLocalRandom.current());
  }
}
