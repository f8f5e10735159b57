package io.loadline.plugins.http;

import io.loadline.spi.PreparedStep;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One step's request, validated and compiled once by {@link HttpProtocol#prepare}. Immutable and
 * thread-safe.
 *
 * @param method the HTTP method, upper case
 * @param url the absolute http or https URL, possibly templated
 * @param headers header names with their (possibly templated) values, in plan order
 * @param body the request body, possibly templated, or null for none
 * @param literalBody the body's UTF-8 bytes when it holds no placeholder, else null
 * @param timeout the step's own timeout, or null to use the exchange's
 * @param followRedirects whether this step follows 3xx responses (the step's own setting, else the
 *     run's)
 * @param variablesUsed the variable names its templates read
 * @param literalUri the URL parsed once when it holds no placeholder, else null; a checked literal
 *     URL is the same on every request, so it is not parsed again for each
 */
record HttpStep(
    String method,
    TextTemplate url,
    List<Header> headers,
    TextTemplate body,
    byte[] literalBody,
    Duration timeout,
    boolean followRedirects,
    java.util.Set<String> variablesUsed,
    URI literalUri)
    implements PreparedStep {

  HttpStep {
    variablesUsed = java.util.Set.copyOf(variablesUsed);
  }

  /** One request header. */
  record Header(String name, TextTemplate value) {}

  @Override
  public String describe() {
    // The path only: query strings and hosts may carry tokens that must not reach a log.
    String text = url.text();
    int schemeEnd = text.indexOf("://");
    int pathStart = schemeEnd < 0 ? -1 : text.indexOf('/', schemeEnd + 3);
    String path = pathStart < 0 ? "/" : text.substring(pathStart);
    int queryStart = path.indexOf('?');
    return method + " " + (queryStart < 0 ? path : path.substring(0, queryStart));
  }
}
