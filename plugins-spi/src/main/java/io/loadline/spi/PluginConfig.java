package io.loadline.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plugin's configuration: the values a plan gives it, with typed readers that collect every
 * problem instead of stopping at the first.
 *
 * <p>Each reader returns a usable fallback when the value is missing or wrong and records a {@link
 * ConfigProblem} with the full field path; {@link #throwIfInvalid()} then reports them all. A
 * config and its {@link #child children} share one problem list. Not thread-safe: it is used while
 * a plan is validated, on one thread.
 *
 * <p>Formats: a duration is a number with a unit, {@code ms}, {@code s}, {@code m} or {@code h},
 * and units may be chained ({@code 1m30s}). A rate is a number per unit of time ({@code 100/s},
 * {@code 600/m}, {@code 0.5/s}, {@code 36000/h}); a bare number means per second.
 *
 * <p>Limits: a duration is at most {@link #MAX_DURATION} (31 days, written {@code 744h}) and a rate
 * at most {@link #MAX_RATE_PER_SECOND} (1,000,000/s). Larger values are refused with their field
 * path rather than silently capped: no load test needs more, and the engine's nanosecond arithmetic
 * then never comes near {@code Long.MAX_VALUE}. The plan's own durations ({@code timeout}, {@code
 * gracefulStop}, think times) are read by {@link #parseDuration} and get the same limit.
 */
public final class PluginConfig {

  /** The longest duration any setting accepts: 31 days. */
  public static final Duration MAX_DURATION = Duration.ofDays(31);

  /** The highest rate any setting accepts, in arrivals per second. */
  public static final double MAX_RATE_PER_SECOND = 1_000_000;

  private static final String MAX_DURATION_TEXT = "744h (31 days)";
  private static final String MAX_RATE_TEXT = "1000000/s";
  private static final double MAX_DURATION_NANOS = MAX_DURATION.toNanos();

  private static final Pattern DURATION_PART =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)", Pattern.CASE_INSENSITIVE);
  private static final Pattern RATE =
      Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*(s|sec|second|m|min|minute|h|hour))?\\s*");

  private final String path;
  private final Map<String, Object> values;
  private final Path baseDirectory;
  private final List<ConfigProblem> problems;

  private PluginConfig(
      String path, Map<String, Object> values, Path baseDirectory, List<ConfigProblem> problems) {
    this.path = path;
    this.values = values;
    this.baseDirectory = baseDirectory;
    this.problems = problems;
  }

  /**
   * A configuration rooted at {@code path}.
   *
   * @param path the field path of these values in the plan, such as {@code scenarios[0].load}
   * @param values the raw values (strings, numbers, booleans, lists and maps as YAML gives them)
   * @param baseDirectory where relative file names resolve (the data directory)
   */
  public static PluginConfig of(String path, Map<String, ?> values, Path baseDirectory) {
    Map<String, Object> copy = new LinkedHashMap<>(values == null ? Map.of() : values);
    return new PluginConfig(path, copy, baseDirectory, new ArrayList<>());
  }

  /** The field path of this configuration from the plan's root. */
  public String path() {
    return path;
  }

  /** The raw values, read-only. */
  public Map<String, Object> values() {
    return Collections.unmodifiableMap(values);
  }

  /** Where relative file names resolve; plugins never read outside it. */
  public Path baseDirectory() {
    return baseDirectory;
  }

  /** Whether the key is present with a non-null value. */
  public boolean has(String key) {
    return values.get(key) != null;
  }

  /** The full field path of a key, such as {@code scenarios[0].load.rate}. */
  public String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Records a problem with the given key. */
  public void problem(String key, String message) {
    problems.add(new ConfigProblem(pathOf(key), message));
  }

  /** A required string; records "is required" and returns "" when missing. */
  public String requireString(String key) {
    if (!has(key)) {
      problem(key, "is required");
      return "";
    }
    return optionalString(key, "");
  }

  /** An optional string, or the default when missing. Numbers and booleans are read as text. */
  public String optionalString(String key, String defaultValue) {
    Object value = values.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Map || value instanceof List) {
      problem(key, "must be a text value, was a " + (value instanceof Map ? "map" : "list"));
      return defaultValue;
    }
    return value.toString();
  }

  /** A required duration; records a problem and returns {@link Duration#ZERO} when wrong. */
  public Duration requireDuration(String key) {
    if (!has(key)) {
      problem(key, "is required (a duration such as 30s, 250ms or 5m)");
      return Duration.ZERO;
    }
    return optionalDuration(key, Duration.ZERO);
  }

  /**
   * An optional duration of zero or more, or the default when missing; a wrong one is a problem.
   */
  public Duration optionalDuration(String key, Duration defaultValue) {
    return optionalDuration(key, defaultValue, true);
  }

  /** An optional duration above zero, or the default when missing; a wrong one is a problem. */
  public Duration optionalPositiveDuration(String key, Duration defaultValue) {
    return optionalDuration(key, defaultValue, false);
  }

  /** A required positive duration. */
  public Duration requirePositiveDuration(String key) {
    if (!has(key)) {
      return requireDuration(key);
    }
    return optionalDuration(key, Duration.ZERO, false);
  }

  private Duration optionalDuration(String key, Duration defaultValue, boolean zeroAllowed) {
    Object value = values.get(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      return zeroAllowed
          ? parseDuration(value.toString())
          : parsePositiveDuration(value.toString());
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return defaultValue;
    }
  }

  /** A required rate, in arrivals per second; records a problem and returns 0 when wrong. */
  public double requireRatePerSecond(String key) {
    Object value = values.get(key);
    if (value == null) {
      problem(key, "is required (a rate such as 100/s, 600/m or 0.5/s)");
      return 0;
    }
    try {
      return parseRatePerSecond(value.toString());
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return 0;
    }
  }

  /**
   * A required rate that may be zero, in arrivals per second, for settings where zero means
   * something (the start of a ramp, a pause); records a problem and returns 0 when wrong.
   */
  public double requireRatePerSecondOrZero(String key) {
    Object value = values.get(key);
    if (value == null) {
      problem(key, "is required (a rate such as 100/s, 600/m, 0.5/s or 0/s)");
      return 0;
    }
    return readRateOrZero(key, value);
  }

  /** An optional rate that may be zero, in arrivals per second, or the default when missing. */
  public double optionalRatePerSecondOrZero(String key, double defaultValue) {
    Object value = values.get(key);
    return value == null ? defaultValue : readRateOrZero(key, value);
  }

  private double readRateOrZero(String key, Object value) {
    try {
      return parseRatePerSecondOrZero(value.toString());
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return 0;
    }
  }

  /**
   * The list of maps under {@code key}, each as its own configuration at path {@code key[i]}
   * sharing this one's problem list. Records a problem and returns an empty list when the value is
   * missing, not a list, or empty; an element that is not a map is a problem at its index.
   */
  public List<PluginConfig> requireChildList(String key) {
    Object value = values.get(key);
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      problem(key, value == null ? "is required (a list of maps)" : "must be a non-empty list");
      return List.of();
    }
    List<PluginConfig> children = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String elementPath = pathOf(key) + "[" + i + "]";
      Map<String, Object> elementValues = new LinkedHashMap<>();
      if (list.get(i) instanceof Map<?, ?> map) {
        map.forEach((k, v) -> elementValues.put(String.valueOf(k), v));
      } else {
        problems.add(new ConfigProblem(elementPath, "must be a map"));
      }
      children.add(new PluginConfig(elementPath, elementValues, baseDirectory, problems));
    }
    return List.copyOf(children);
  }

  /** An optional whole number within [min, max], or the default when missing. */
  public int optionalInt(String key, int defaultValue, int min, int max) {
    Object value = values.get(key);
    if (value == null) {
      return defaultValue;
    }
    int number;
    try {
      number =
          value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
              ? Math.toIntExact(n.longValue())
              : Integer.parseInt(value.toString().trim());
    } catch (NumberFormatException | ArithmeticException e) {
      problem(key, "must be a whole number, was " + value);
      return defaultValue;
    }
    if (number < min || number > max) {
      problem(key, "must be between " + min + " and " + max + ", was " + number);
      return defaultValue;
    }
    return number;
  }

  /** An optional boolean ({@code true} or {@code false}), or the default when missing. */
  public boolean optionalBoolean(String key, boolean defaultValue) {
    Object value = values.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String text = value.toString().trim().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    problem(key, "must be true or false, was " + value);
    return defaultValue;
  }

  /** An optional map of text to text (such as HTTP headers), or an empty map when missing. */
  public Map<String, String> optionalStringMap(String key) {
    Object value = values.get(key);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      problem(key, "must be a map of names to values");
      return Map.of();
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      Object entryValue = entry.getValue();
      if (entryValue instanceof Map || entryValue instanceof List) {
        problem(key + "." + entry.getKey(), "must be a text value");
      } else {
        result.put(String.valueOf(entry.getKey()), entryValue == null ? "" : entryValue.toString());
      }
    }
    return Collections.unmodifiableMap(result);
  }

  /**
   * The nested map under {@code key} as its own configuration sharing this one's problem list, or
   * an empty one when missing.
   */
  public PluginConfig child(String key) {
    Object value = values.get(key);
    Map<String, Object> childValues = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> childValues.put(String.valueOf(k), v));
    } else if (value != null) {
      problem(key, "must be a map");
    }
    return new PluginConfig(pathOf(key), childValues, baseDirectory, problems);
  }

  /** Records a problem for every key not in {@code knownKeys}, naming the keys that are known. */
  public void rejectUnknownKeys(Set<String> knownKeys) {
    for (String key : values.keySet()) {
      if (!knownKeys.contains(key)) {
        problem(
            key,
            "is not a known option; known options are " + knownKeys.stream().sorted().toList());
      }
    }
  }

  /** Every problem recorded so far, by this configuration and its children. */
  public List<ConfigProblem> problems() {
    return List.copyOf(problems);
  }

  /** Throws with every problem recorded so far, if there is any. */
  public void throwIfInvalid() throws InvalidConfigException {
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
  }

  /**
   * Parses a duration of zero or more such as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h} or
   * {@code 1m30s}; a negative one ({@code -3s}) is rejected as below zero.
   *
   * @throws IllegalArgumentException with a message fit for a user when the text is not a duration
   */
  public static Duration parseDuration(String text) {
    return parseDuration(text, true);
  }

  /**
   * Parses a duration as {@link #parseDuration} does, but only one above zero.
   *
   * @throws IllegalArgumentException with a message fit for a user when the text is not a duration
   *     above zero
   */
  public static Duration parsePositiveDuration(String text) {
    return parseDuration(text, false);
  }

  private static Duration parseDuration(String text, boolean zeroAllowed) {
    String trimmed = text == null ? "" : text.trim();
    String sign = zeroAllowed ? "must be zero or more" : "must be above zero";
    // A negative duration has a unit; say what is wrong with it rather than ask for a unit.
    if (trimmed.startsWith("-")) {
      parseMagnitude(trimmed.substring(1).trim(), text);
      throw new IllegalArgumentException(sign + ", was '" + text + "'");
    }
    Duration duration = parseMagnitude(trimmed, text);
    if (!zeroAllowed && duration.isZero()) {
      throw new IllegalArgumentException(sign + ", was '" + text + "'");
    }
    return duration;
  }

  private static Duration parseMagnitude(String trimmed, String text) {
    Matcher matcher = DURATION_PART.matcher(trimmed);
    double totalNanos = 0;
    int position = 0;
    while (position < trimmed.length() && matcher.find(position) && matcher.start() == position) {
      totalNanos += Double.parseDouble(matcher.group(1)) * nanosPerUnit(matcher.group(2));
      position = matcher.end();
      while (position < trimmed.length() && trimmed.charAt(position) == ' ') {
        position++;
      }
    }
    if (trimmed.isEmpty() || position != trimmed.length()) {
      throw new IllegalArgumentException(
          "must be a duration with a unit such as 250ms, 30s, 5m or 1h, was '" + text + "'");
    }
    // Checked as a double, before any long arithmetic, so a huge value cannot wrap or be capped.
    if (!(totalNanos <= MAX_DURATION_NANOS)) {
      throw new IllegalArgumentException(
          "must be at most " + MAX_DURATION_TEXT + ", was '" + text + "'");
    }
    return Duration.ofNanos(Math.round(totalNanos));
  }

  /**
   * Parses a rate such as {@code 100/s}, {@code 600/m}, {@code 0.5/s} or {@code 36000/h} into
   * arrivals per second; a bare number is per second. Rates must be above zero and at most {@link
   * #MAX_RATE_PER_SECOND}.
   *
   * @throws IllegalArgumentException with a message fit for a user when the text is not a rate
   */
  public static double parseRatePerSecond(String text) {
    Matcher matcher = RATE.matcher(text == null ? "" : text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "must be a rate above zero such as 100/s, 600/m or 0.5/s, was '" + text + "'");
    }
    double perSecond = perSecond(matcher);
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("must be a rate above zero, was '" + text + "'");
    }
    checkRateLimit(perSecond, text);
    return perSecond;
  }

  /**
   * Parses a rate as {@link #parseRatePerSecond} does, but accepts zero ({@code 0/s}).
   *
   * @throws IllegalArgumentException with a message fit for a user when the text is not a rate
   */
  public static double parseRatePerSecondOrZero(String text) {
    Matcher matcher = RATE.matcher(text == null ? "" : text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "must be a rate of zero or more such as 100/s, 600/m, 0.5/s or 0/s, was '" + text + "'");
    }
    double perSecond = perSecond(matcher);
    checkRateLimit(perSecond, text);
    return perSecond;
  }

  private static double perSecond(Matcher rateMatch) {
    double amount = Double.parseDouble(rateMatch.group(1));
    String unit = rateMatch.group(2) == null ? "s" : rateMatch.group(2).toLowerCase(Locale.ROOT);
    return switch (unit.charAt(0)) {
      case 'm' -> amount / 60.0;
      case 'h' -> amount / 3600.0;
      default -> amount;
    };
  }

  private static void checkRateLimit(double perSecond, String text) {
    if (!(perSecond <= MAX_RATE_PER_SECOND)) {
      throw new IllegalArgumentException(
          "must be at most " + MAX_RATE_TEXT + ", was '" + text + "'");
    }
  }

  private static double nanosPerUnit(String unit) {
    return switch (unit.toLowerCase(Locale.ROOT)) {
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      default -> 3600e9;
    };
  }

  @Override
  public String toString() {
    return "PluginConfig[" + path + " " + values.keySet() + ", problems=" + problems.size() + "]";
  }
}
