package io.loadline.web.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Answers a request whose method is not one of HTTP's standard methods (such as {@code get}, {@code
 * GET2}, {@code X-Y} or {@code FOO}) before it reaches Javalin. Javalin fails on a name outside A-Z
 * with a logged stack trace and an empty 500, and keeps every new upper-case name in a static table
 * that never shrinks, so random method names would grow the server's memory. A known path gets 405
 * with {@code Allow}, an unknown one 400; API paths in the JSON error shape, others as plain text,
 * because the dashboard's error page needs a Javalin context. Thread-safe.
 */
public final class MethodNameFilter implements Filter {

  /** RFC 9110's methods and PATCH: the only names passed on to Javalin. */
  private static final Set<String> STANDARD_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

  private final Function<String, Set<String>> allowedMethods;
  private final ObjectMapper json;

  /**
   * @param allowedMethods the methods declared for a request path, empty for an unknown path
   * @param json writes the API's error body
   */
  public MethodNameFilter(Function<String, Set<String>> allowedMethods, ObjectMapper json) {
    this.allowedMethods = allowedMethods;
    this.json = json;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest httpRequest = (HttpServletRequest) request;
    if (STANDARD_METHODS.contains(httpRequest.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    refuse(httpRequest, (HttpServletResponse) response);
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getRequestURI();
    Set<String> allowed = allowedMethods.apply(path);
    String method = printable(request.getMethod());
    String message;
    if (allowed.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      message =
          method + " is not an HTTP method this server knows (they are upper case, such as GET).";
    } else {
      String allowHeader = String.join(", ", allowed);
      response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
      response.setHeader("Allow", allowHeader);
      message = method + " is not allowed on " + path + "; use " + allowHeader + ".";
    }
    byte[] body;
    if (Route.isApiPath(path)) {
      response.setContentType("application/json");
      body = json.writeValueAsBytes(Map.of("error", message));
    } else {
      response.setContentType("text/plain;charset=utf-8");
      body = message.getBytes(StandardCharsets.UTF_8);
    }
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** The method name as sent, cut short, so a hostile one cannot fill the answer. */
  private static String printable(String method) {
    return method.length() <= 32 ? method : method.substring(0, 32) + "...";
  }
}
