package io.loadline.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.loadline.plan.Check;
import io.loadline.plan.Extraction;
import io.loadline.plan.ExtractionSource;
import io.loadline.plan.RuleExpressions;
import io.loadline.spi.ConfigProblem;
import io.loadline.spi.ResponseView;
import io.loadline.spi.StepResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine does with one step's response: evaluates every check, then takes every extraction
 * into the iteration's variables, and says whether the iteration goes on. Compiled once per plan
 * (patterns and JSONPaths); immutable and thread-safe.
 *
 * <p>Rules: every check is evaluated and counted, even after one failed; a failed check ends the
 * iteration. An extraction that finds nothing uses its declared default, else it is counted as a
 * failure, warned about once with the step and the expression, and ends the iteration; the variable
 * is never left with an earlier value, since each iteration starts afresh. An empty value is a
 * value. A JSON {@code null} or a path that matches nothing is no value.
 */
final class StepRules {

  private static final Logger LOG = LoggerFactory.getLogger(StepRules.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Configuration JSON_PATH_CONFIGURATION =
      Configuration.builder()
          .jsonProvider(new JacksonJsonProvider(JSON))
          .mappingProvider(new JacksonMappingProvider(JSON))
          .build();

  /** A step with no checks and no extractions. */
  static final StepRules NONE = new StepRules("", List.of(), List.of());

  private final String stepName;
  private final List<CompiledCheck> checks;
  private final List<CompiledExtraction> extractions;
  private final boolean readsBody;

  /** Whether a rule threw while it was evaluated; warned about once per step. */
  private final AtomicBoolean warnedRuleThrew = new AtomicBoolean();

  private StepRules(
      String stepName, List<CompiledCheck> checks, List<CompiledExtraction> extractions) {
    this.stepName = stepName;
    this.checks = checks;
    this.extractions = extractions;
    this.readsBody =
        checks.stream().anyMatch(check -> check.check.readsBody())
            || extractions.stream().anyMatch(CompiledExtraction::readsBody);
  }

  /**
   * Compiles a step's rules.
   *
   * @param problems where an expression that does not compile is recorded, at its field path
   * @return the rules, or {@link #NONE} when some expression did not compile (the plan then has
   *     problems and never runs)
   */
  static StepRules compile(
      String stepName,
      List<Check> checks,
      List<Extraction> extractions,
      List<ConfigProblem> problems) {
    int problemsBefore = problems.size();
    List<CompiledCheck> compiledChecks = new ArrayList<>();
    for (Check check : checks) {
      compiledChecks.add(CompiledCheck.of(check, problems));
    }
    List<CompiledExtraction> compiledExtractions = new ArrayList<>();
    for (Extraction extraction : extractions) {
      compiledExtractions.add(CompiledExtraction.of(extraction, problems));
    }
    return problems.size() > problemsBefore
        ? NONE
        : new StepRules(stepName, List.copyOf(compiledChecks), List.copyOf(compiledExtractions));
  }

  /** Whether the protocol must keep the response body for these rules. */
  boolean readsBody() {
    return readsBody;
  }

  /** Fresh counters named after these rules. */
  RuleCounters newCounters() {
    List<String[]> extractionNames = new ArrayList<>();
    for (CompiledExtraction extraction : extractions) {
      extractionNames.add(
          new String[] {extraction.extraction.variable(), extraction.extraction.describe()});
    }
    return new RuleCounters(
        stepName, checks.stream().map(check -> check.check.name()).toList(), extractionNames);
  }

  /**
   * Applies the rules to one result.
   *
   * @param responseNanos the response time checks compare with
   * @return whether the iteration goes on to its next step
   */
  boolean apply(StepResult result, long responseNanos, Iteration iteration, RuleCounters counters) {
    if (checks.isEmpty() && extractions.isEmpty()) {
      return true;
    }
    Body body = new Body(result.response());
    boolean goOn = true;
    for (int i = 0; i < checks.size(); i++) {
      boolean passed = passes(checks.get(i), result, responseNanos, body);
      counters.recordCheck(i, passed);
      goOn &= passed;
    }
    for (int i = 0; i < extractions.size(); i++) {
      goOn &= extract(i, result, body, iteration, counters);
    }
    return goOn;
  }

  /** Whether the check passes; one that throws fails, so its iteration ends and is counted. */
  private boolean passes(CompiledCheck check, StepResult result, long responseNanos, Body body) {
    try {
      return check.passes(result, responseNanos, body);
    } catch (RuntimeException e) {
      warnRuleThrew("check '" + check.check.name() + "'", e);
      return false;
    }
  }

  private boolean extract(
      int index, StepResult result, Body body, Iteration iteration, RuleCounters counters) {
    CompiledExtraction compiled = extractions.get(index);
    Extraction extraction = compiled.extraction;
    String value;
    try {
      value = compiled.valueIn(result, body);
    } catch (RuntimeException e) {
      // Counted as a failed extraction, default or not: its value is unknown, not absent.
      warnRuleThrew("extraction of '" + extraction.variable() + "'", e);
      counters.recordExtractionFailure(index);
      return false;
    }
    if (value != null) {
      iteration.set(extraction.variable(), value);
      counters.recordExtractionSuccess(index);
      return true;
    }
    if (extraction.defaultValue() != null) {
      iteration.set(extraction.variable(), extraction.defaultValue());
      counters.recordExtractionDefault(index);
      return true;
    }
    if (counters.recordExtractionFailure(index)) {
      LOG.warn(
          "Step '{}': extraction of '{}' ({}) found nothing (status {}); the iteration ended and"
              + " the failure was counted. Check the expression, or declare a default. Warned"
              + " once.",
          stepName,
          extraction.variable(),
          extraction.describe(),
          result.statusCode());
    }
    return false;
  }

  private void warnRuleThrew(String rule, RuntimeException e) {
    if (warnedRuleThrew.compareAndSet(false, true)) {
      LOG.warn(
          "Step '{}': the {} threw {}; it counts as failed and its iteration ended. Warned once.",
          stepName,
          rule,
          e.toString());
    }
  }

  /** The response body, parsed as JSON at most once, when first needed. */
  private static final class Body {
    private final ResponseView response;
    private DocumentContext json;
    private boolean jsonTried;

    Body(ResponseView response) {
      this.response = response;
    }

    String text() {
      return response.bodyText();
    }

    /** The body as a JSON document, or null when it is not JSON. */
    DocumentContext json() {
      if (!jsonTried) {
        jsonTried = true;
        String text = response.bodyText();
        try {
          json = text.isBlank() ? null : JsonPath.using(JSON_PATH_CONFIGURATION).parse(text);
        } catch (JsonPathException | IllegalArgumentException e) {
          json = null;
        }
      }
      return json;
    }

    /** The JSONPath's value as text, or null when it matches nothing or null. */
    String read(JsonPath path) {
      DocumentContext document = json();
      if (document == null) {
        return null;
      }
      Object value;
      try {
        value = document.read(path);
      } catch (JsonPathException e) {
        return null;
      }
      if (value instanceof List<?> list && !path.isDefinite()) {
        value = list.isEmpty() ? null : list.get(0);
      }
      return asText(value);
    }

    private static String asText(Object value) {
      if (value == null) {
        return null;
      }
      if (value instanceof Map || value instanceof List) {
        try {
          return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          return value.toString();
        }
      }
      return value.toString();
    }
  }

  /** An extraction with its pattern or path compiled. */
  private static final class CompiledExtraction {
    private final Extraction extraction;
    private final Pattern pattern;
    private final JsonPath jsonPath;

    private CompiledExtraction(Extraction extraction, Pattern pattern, JsonPath jsonPath) {
      this.extraction = extraction;
      this.pattern = pattern;
      this.jsonPath = jsonPath;
    }

    static CompiledExtraction of(Extraction extraction, List<ConfigProblem> problems) {
      String path = extraction.path() + "." + extraction.source().key();
      return new CompiledExtraction(
          extraction,
          extraction.source() == ExtractionSource.REGEX
              ? RuleExpressions.regex(extraction.expression(), path, problems)
              : null,
          extraction.source() == ExtractionSource.JSON
              ? RuleExpressions.jsonPath(extraction.expression(), path, problems)
              : null);
    }

    boolean readsBody() {
      return pattern != null || jsonPath != null;
    }

    String valueIn(StepResult result, Body body) {
      return switch (extraction.source()) {
        case JSON -> body.read(jsonPath);
        case REGEX -> group(pattern.matcher(body.text()), extraction.group());
        case HEADER -> result.response().header(extraction.expression());
        case COOKIE -> result.response().cookie(extraction.expression());
        case STATUS -> result.statusCode() == 0 ? null : Integer.toString(result.statusCode());
      };
    }

    private static String group(Matcher matcher, int group) {
      return matcher.find() ? matcher.group(group) : null;
    }
  }

  /** A check with its pattern or path compiled. */
  private static final class CompiledCheck {
    private final Check check;
    private final Pattern pattern;
    private final JsonPath jsonPath;

    private CompiledCheck(Check check, Pattern pattern, JsonPath jsonPath) {
      this.check = check;
      this.pattern = pattern;
      this.jsonPath = jsonPath;
    }

    static CompiledCheck of(Check check, List<ConfigProblem> problems) {
      return new CompiledCheck(
          check,
          check instanceof Check.HeaderMatches h
              ? RuleExpressions.regex(h.regex(), h.path() + ".matches", problems)
              : null,
          check instanceof Check.JsonPathEquals j
              ? RuleExpressions.jsonPath(j.jsonPath(), j.path() + ".json", problems)
              : null);
    }

    boolean passes(StepResult result, long responseNanos, Body body) {
      return switch (check) {
        case Check.StatusIn statusIn -> statusIn.statuses().contains(result.statusCode());
        case Check.BodyContains contains -> body.text().contains(contains.text());
        case Check.JsonPathEquals equals -> equals.expected().equals(body.read(jsonPath));
        case Check.HeaderMatches matches -> headerMatches(result, matches.header());
        case Check.ResponseTimeBelow below ->
            result.statusCode() != 0
                && Duration.ofNanos(responseNanos).compareTo(below.limit()) < 0;
      };
    }

    private boolean headerMatches(StepResult result, String header) {
      String value = result.response().header(header);
      return value != null && pattern.matcher(value).matches();
    }
  }

  @Override
  public String toString() {
    return "StepRules["
        + stepName
        + ", checks="
        + checks.size()
        + ", extractions="
        + extractions.size()
        + "]";
  }
}
