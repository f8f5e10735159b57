package io.loadline.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.loadline.spi.PluginConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a browser's HAR recording (HTTP Archive 1.2, JSON) into the steps of a flow: the page and
 * API requests in recorded order, with think time between them. Thread-safe.
 *
 * <p>Left out: static assets (images, stylesheets, scripts, fonts, source maps), recognised by the
 * URL path's extension or the response's {@code Content-Type}, and URLs that are not http or https
 * ({@code data:}, {@code blob:}, {@code ws:}). Headers follow {@link HeaderRules}; cookies set by
 * the response of a kept request ({@code response.cookies} or {@code Set-Cookie}) are "set by the
 * flow" for the later requests.
 *
 * <p>Think time: between two kept requests, the idle time from the end of the first ({@code
 * startedDateTime + time}) to the start of the second ({@code startedDateTime}), rounded to the
 * millisecond; none when that is below 1 ms (requests the browser sent in parallel). The run adds
 * each request's own duration, so the replay keeps the recording's pace.
 */
public final class HarImporter {

  private static final Set<String> STATIC_EXTENSIONS =
      Set.of(
          "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico", "bmp", "tif", "tiff", "css",
          "js", "mjs", "map", "woff", "woff2", "ttf", "otf", "eot");
  private static final List<String> STATIC_TYPES =
      List.of(
          "image/",
          "font/",
          "text/css",
          "text/javascript",
          "application/javascript",
          "application/x-javascript",
          "application/ecmascript",
          "application/font-",
          "application/x-font-",
          "application/vnd.ms-fontobject");

  /** A HAR is one JSON value: content after it is an error, not dropped. */
  private final ObjectMapper json =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** A recorded entry, kept for its request and its timing. */
  private record Entry(RecordedRequest request, Instant startedAt, Duration time) {}

  /**
   * The flow recorded in {@code harText}.
   *
   * @throws ImportException when the text is not a HAR, or keeps no request
   */
  public List<ImportedStep> read(String harText) {
    JsonNode entries = entries(harText);
    List<Entry> kept = new ArrayList<>();
    Set<String> cookiesSetByFlow = new HashSet<>();
    List<JsonNode> sorted = sortedByStart(entries);
    for (JsonNode entry : sorted) {
      Entry read = readEntry(entry, cookiesSetByFlow);
      if (read != null) {
        kept.add(read);
        // Only a kept request's response sets cookies during the run; a left-out asset's does not.
        cookiesSetByFlow.addAll(cookiesSetBy(entry.path("response")));
      }
    }
    if (kept.isEmpty()) {
      throw new ImportException(
          "The HAR holds no request to import: it has "
              + sorted.size()
              + " entries, all static assets (images, styles, scripts, fonts) or not http(s).");
    }
    return withThinkTimes(kept);
  }

  private JsonNode entries(String harText) {
    JsonNode root;
    try {
      root = json.readTree(harText == null ? "" : harText);
    } catch (JsonProcessingException e) {
      String reason =
          e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")
              ? "there is more after the end of its JSON"
              : e.getOriginalMessage();
      throw new ImportException("The HAR is not valid JSON: " + reason + "; export it again.");
    }
    JsonNode entries = root == null ? null : root.path("log").path("entries");
    if (entries == null || !entries.isArray()) {
      throw new ImportException(
          "The file is not a HAR: it has no log.entries list. Export the recording from the"
              + " browser's network panel with 'Save all as HAR'.");
    }
    return entries;
  }

  private static List<JsonNode> sortedByStart(JsonNode entries) {
    List<JsonNode> sorted = new ArrayList<>();
    entries.forEach(sorted::add);
    // Stable: entries without a usable time keep their recorded order among equals.
    sorted.sort(Comparator.comparing(entry -> startOf(entry, Instant.EPOCH)));
    return sorted;
  }

  private static Entry readEntry(JsonNode entry, Set<String> cookiesSetByFlow) {
    JsonNode request = entry.path("request");
    String url = request.path("url").asText("");
    String method = request.path("method").asText("GET").strip().toUpperCase(Locale.ROOT);
    if (!isHttp(url) || method.isEmpty() || isStaticAsset(url, entry.path("response"))) {
      return null;
    }
    Map<String, String> headers = headers(request.path("headers"), cookiesSetByFlow);
    String body = body(request.path("postData"), headers);
    Instant startedAt = startOf(entry, null);
    if (startedAt == null) {
      throw new ImportException(
          "The HAR entry for "
              + method
              + " "
              + url
              + " has no startedDateTime, or not an ISO-8601 time such as"
              + " 2026-01-31T10:00:00.000Z");
    }
    double millis = entry.path("time").asDouble(0);
    Duration time = Duration.ofNanos(Math.round(Math.max(0, millis) * 1_000_000));
    return new Entry(new RecordedRequest(method, url, headers, body), startedAt, time);
  }

  private static boolean isHttp(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  /** Whether the entry is an image, stylesheet, script or font, by extension or content type. */
  static boolean isStaticAsset(String url, JsonNode response) {
    String path;
    try {
      path = URI.create(url).getPath();
    } catch (IllegalArgumentException e) {
      path = url;
    }
    path = path == null ? "" : path.toLowerCase(Locale.ROOT);
    int dot = path.lastIndexOf('.');
    if (dot > path.lastIndexOf('/') && STATIC_EXTENSIONS.contains(path.substring(dot + 1))) {
      return true;
    }
    String type = response.path("content").path("mimeType").asText("");
    if (type.isEmpty()) {
      type = headerValue(response.path("headers"), "content-type");
    }
    String lower = type.toLowerCase(Locale.ROOT).strip();
    return STATIC_TYPES.stream().anyMatch(lower::startsWith);
  }

  private static Map<String, String> headers(JsonNode list, Set<String> cookiesSetByFlow) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (JsonNode header : list) {
      String name = header.path("name").asText("").strip();
      String value = header.path("value").asText("");
      if (HeaderRules.isDropped(name)) {
        continue;
      }
      if (HeaderRules.isCookie(name)) {
        value = HeaderRules.withoutFlowCookies(value, cookiesSetByFlow);
        if (value.isEmpty()) {
          continue;
        }
      }
      // A header recorded twice keeps both values, as one comma-separated value.
      headers.merge(name, value, (first, second) -> first + ", " + second);
    }
    return headers;
  }

  private static String body(JsonNode postData, Map<String, String> headers) {
    if (postData.isMissingNode() || postData.isNull()) {
      return null;
    }
    String mimeType = postData.path("mimeType").asText("");
    if (!mimeType.isBlank()
        && headers.keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) {
      headers.put("Content-Type", mimeType);
    }
    if (postData.hasNonNull("text")) {
      return postData.get("text").asText();
    }
    List<String> pairs = new ArrayList<>();
    for (JsonNode param : postData.path("params")) {
      pairs.add(
          formEncode(param.path("name").asText(""))
              + "="
              + formEncode(param.path("value").asText("")));
    }
    return pairs.isEmpty() ? null : String.join("&", pairs);
  }

  private static String formEncode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static Set<String> cookiesSetBy(JsonNode response) {
    Set<String> names = new HashSet<>();
    for (JsonNode cookie : response.path("cookies")) {
      String name = cookie.path("name").asText("").strip();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    for (JsonNode header : response.path("headers")) {
      if (header.path("name").asText("").equalsIgnoreCase("set-cookie")) {
        String value = header.path("value").asText("");
        int equals = value.indexOf('=');
        if (equals > 0) {
          names.add(value.substring(0, equals).strip());
        }
      }
    }
    return names;
  }

  private static String headerValue(JsonNode headers, String lowerCaseName) {
    for (JsonNode header : headers) {
      if (header.path("name").asText("").equalsIgnoreCase(lowerCaseName)) {
        return header.path("value").asText("");
      }
    }
    return "";
  }

  private static Instant startOf(JsonNode entry, Instant fallback) {
    String text = entry.path("startedDateTime").asText("");
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException notInstant) {
        return fallback;
      }
    }
  }

  private static List<ImportedStep> withThinkTimes(List<Entry> kept) {
    List<ImportedStep> steps = new ArrayList<>();
    Entry previous = null;
    for (Entry entry : kept) {
      if (previous != null) {
        Duration idle =
            Duration.between(previous.startedAt().plus(previous.time()), entry.startedAt());
        if (idle.compareTo(PluginConfig.MAX_DURATION) > 0) {
          // Checked before any conversion to nanoseconds, which overflows for gaps of centuries.
          throw new ImportException(
              "The HAR entry for "
                  + entry.request().method()
                  + " "
                  + entry.request().url()
                  + " starts "
                  + idle.toDays()
                  + " days after the previous entry ended, but a think time is at most 744h (31"
                  + " days); remove the entries far apart, or import each session on its own");
        }
        long idleMillis = Math.round(idle.toNanos() / 1_000_000.0);
        if (idleMillis >= 1) {
          steps.add(new ImportedStep.Think(Duration.ofMillis(idleMillis)));
        }
      }
      steps.add(new ImportedStep.Request(entry.request(), false));
      previous = entry;
    }
    return steps;
  }
}
