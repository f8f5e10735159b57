package io.loadline.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.loadline.spi.ConfigProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a plan's text, YAML or JSON, into a best-effort {@link Plan} and every structural problem:
 * missing, blank, duplicate and unknown keys, values of the wrong type, and syntax errors with
 * their line and column. It does not look at plugin settings; {@link PlanReader} adds the engine's
 * check of those.
 *
 * <p>JSON is YAML, but text that opens with <code>{</code> is read as JSON first, since JSON allows
 * tabs where YAML does not; a UTF-8 byte order mark is dropped. Only the first document of a
 * multi-document YAML stream is read. A key given twice in one map is a syntax error, not a silent
 * override.
 *
 * <p>Defaults it fills in: a scenario without {@code protocol}, or whose protocol map has no {@code
 * type}, uses {@code http}; a step without a name is {@code step N} (1-based). Problem messages say
 * what is wrong and what is expected, such as {@code is required (a rate-model plugin id such as
 * constant)} or {@code is not a known key; known keys are [name, request]}; a problem about the
 * whole text (syntax, an empty document, not a map) has the empty path. Thread-safe: one parser may
 * serve every request.
 */
public final class PlanParser {

  private static final String BYTE_ORDER_MARK = "\uFEFF";

  /** Jackson's "[Source: ...; line: 3, column: 16]", which names no source worth showing. */
  private static final Pattern SOURCE_LOCATION =
      Pattern.compile("\\[Source: [^;]*; line: (\\d+), column: (\\d+)]");

  private final ObjectMapper yaml;
  private final ObjectMapper json;

  public PlanParser() {
    this.yaml =
        new ObjectMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    this.json =
        new ObjectMapper(
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
  }

  /**
   * Parses a plan. Never throws for a wrong plan: every mistake is a problem in the result.
   *
   * @param source the plan's YAML or JSON text
   * @return the best-effort plan (null only when the text is not a map) and every problem found
   */
  public ParsedPlan parse(String source) {
    Objects.requireNonNull(source, "source");
    JsonNode root;
    try {
      root = readTree(source);
    } catch (JsonProcessingException e) {
      return new ParsedPlan(null, List.of(syntaxProblem(e)));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return documentProblem("is empty; a plan is a map with at least name and scenarios");
    }
    if (!(root instanceof ObjectNode plan)) {
      return documentProblem(
          "must be a map with at least name and scenarios, was " + PlanStructure.describe(root));
    }
    PlanStructure structure = new PlanStructure();
    Plan parsed = structure.readPlan(plan);
    ProblemOrder order = ProblemOrder.of(plan);
    return new ParsedPlan(parsed, order.sorted(structure.problems()), order);
  }

  /**
   * Text that opens like JSON is read as JSON first: YAML forbids the tabs JSON allows, and JSON's
   * own errors point at the right place. If it is not JSON it may still be a YAML flow map.
   */
  private JsonNode readTree(String source) throws JsonProcessingException {
    String text = source.startsWith(BYTE_ORDER_MARK) ? source.substring(1) : source;
    if (!text.strip().startsWith("{")) {
      return readOnlyValue(yaml, text);
    }
    try {
      return readOnlyValue(json, text);
    } catch (JsonProcessingException jsonError) {
      try {
        return readOnlyValue(yaml, text);
      } catch (JsonProcessingException yamlError) {
        throw jsonError;
      }
    }
  }

  /**
   * The text's one value. Content after it (more JSON, or a second YAML document after {@code ---})
   * is a syntax error: read alone, Jackson would keep the first and silently drop the rest.
   */
  private static JsonNode readOnlyValue(ObjectMapper mapper, String text)
      throws JsonProcessingException {
    try (JsonParser parser = mapper.createParser(text)) {
      JsonNode root = mapper.readTree(parser);
      if (root != null && parser.nextToken() != null) {
        throw new JsonParseException(
            parser,
            "there is more after the end of the plan (more JSON, or a second YAML document);"
                + " a text holds one plan",
            parser.currentTokenLocation());
      }
      return root;
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("reading a plan held in memory", e);
    }
  }

  private static ParsedPlan documentProblem(String message) {
    return new ParsedPlan(null, List.of(new ConfigProblem("", message)));
  }

  private static ConfigProblem syntaxProblem(JsonProcessingException e) {
    String reason = firstLine(e.getOriginalMessage());
    JsonLocation location = e.getLocation();
    String where =
        location == null || location.getLineNr() < 1
            ? ""
            : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    // SnakeYAML knows the exact spot and reason; Jackson's location is where the context began.
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      Mark mark = marked.getProblemMark();
      reason = marked.getProblem() == null ? reason : marked.getProblem();
      where = " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }
    return new ConfigProblem(
        "", "is not valid YAML or JSON" + where + ": " + reason + "; fix the syntax there");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable text";
    }
    String trimmed = message.strip();
    int end = trimmed.indexOf('\n');
    String line = end < 0 ? trimmed : trimmed.substring(0, end).strip();
    return SOURCE_LOCATION.matcher(line).replaceAll("line $1, column $2");
  }
}
