package io.loadline.plugins.http;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-request costs of the {@code http} protocol that the engine's closed-loop figures depend on:
 * the response view every request builds (headers turned into a map only when a check reads them)
 * and the request URL (parsed once per step when it has no placeholder). Each pair shows the cost
 * a request now pays against the one it paid before. In package {@code io.loadline.plugins.http}
 * because the classes are package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HttpPathBenchmark {

  private static final String URL = "http://127.0.0.1:18080/items/list?page=1&size=20";

  private HttpFields responseFields;
  private TextTemplate literalUrl;
  private URI parsedOnce;

  @Setup
  public void prepare() {
    // The headers of a typical small JSON response, mutable as Jetty's response holds them (the
    // view copies them).
    responseFields =
        HttpFields.build()
            .put(HttpHeader.SERVER, "nginx/1.22.1")
            .put(HttpHeader.DATE, "Thu, 03 Dec 2026 19:00:00 GMT")
            .put(HttpHeader.CONTENT_TYPE, "application/json")
            .put(HttpHeader.CONTENT_LENGTH, "2")
            .put(HttpHeader.CONNECTION, "keep-alive")
            .put(HttpHeader.CACHE_CONTROL, "no-store");
    literalUrl = new TextTemplate.Literal(URL);
    parsedOnce = URI.create(URL);
  }

  /** What a response costs now when no check reads its headers (most requests). */
  @Benchmark
  public Object responseViewUnread() {
    return new HttpResponseView(responseFields, "", Map.of());
  }

  /** What it costs when a check reads one header by name. */
  @Benchmark
  public Object responseViewOneHeaderRead() {
    return new HttpResponseView(responseFields, "", Map.of()).header("content-type");
  }

  /** What every response cost before: the whole header map built up front. */
  @Benchmark
  public Object responseViewAllHeadersBuilt() {
    return new HttpResponseView(responseFields, "", Map.of()).headers();
  }

  /** A literal URL now: the URI parsed when the step was prepared. */
  @Benchmark
  public URI literalUrlParsedOnce() {
    return parsedOnce;
  }

  /** A literal URL before: rendered and parsed on every request. */
  @Benchmark
  public URI literalUrlParsedPerRequest() {
    return URI.create(literalUrl.render(Map.of(), ThreadLocalRandom.current()));
  }
}
