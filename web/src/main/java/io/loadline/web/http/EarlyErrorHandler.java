package io.loadline.web.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty finds before a request reaches Javalin's routes, such as an address it
 * cannot decode ({@code /api/v1/runs/1%00}, a bare {@code %}, raw bytes that are not ASCII). Under
 * {@code /api/}, and wherever Jetty could not read the address at all, the answer is the API's JSON
 * error shape, {@code {"error": "..."}}, with the reason Jetty gave; on a dashboard address Jetty's
 * own page stays. Every such answer carries the security headers the routes' answers carry.
 * Installed as the Jetty server's error handler; thread-safe.
 */
public final class EarlyErrorHandler extends ErrorHandler {

  /** The path Jetty gives the error request of a request it could not parse. */
  private static final String BAD_MESSAGE_PATH = "/badMessage";

  private final ObjectMapper json;

  public EarlyErrorHandler(ObjectMapper json) {
    this.json = json;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback)
      throws IOException {
    ResponseHeaders.addSecurityHeaders(response.getHeaders()::put);
    if (!answersJson(request)) {
      super.generateResponse(request, response, code, message, cause, callback);
      return;
    }
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    byte[] body = json.writeValueAsBytes(Map.of("error", wording(code, message)));
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  private static String wording(int code, String reason) {
    String said = reason == null || reason.isBlank() ? "HTTP " + code : reason;
    if (code == 400 && aboutTheAddress(reason)) {
      return "The request could not be read ("
          + said
          + "): check that its address is percent-encoded UTF-8, with no %00 and no % that is"
          + " not followed by two hexadecimal digits.";
    }
    if (code == 400) {
      return "The request could not be read ("
          + said
          + "): it is not well-formed HTTP/1.1; check the request line and the headers.";
    }
    return "The request could not be served (" + said + ").";
  }

  /**
   * Whether a 400's reason is about the address: Jetty names an undecodable address only by the
   * status's own reason ({@code %00}, a bare {@code %}) or by words about the URI, its path or its
   * UTF-8, while a broken header has a reason of its own ({@code Multiple Content-Lengths}, {@code
   * Duplicate Host Header}), which the advice on the address would only mislead.
   */
  private static boolean aboutTheAddress(String reason) {
    if (reason == null || reason.isBlank() || reason.equals(HttpStatus.getMessage(400))) {
      return true;
    }
    String words = reason.toLowerCase(Locale.ROOT);
    // Not "encoding" alone: "Transfer-Encoding and Content-Length" is about the headers.
    return words.contains("uri") || words.contains("path") || words.contains("utf-8");
  }

  /**
   * Whether to answer in the API's JSON: for a request under {@code /api/}, and for one whose
   * address Jetty could not read at all, which reaches this handler with neither its address nor
   * its headers (so the API's clients, which read the body, get words they can parse).
   */
  private static boolean answersJson(Request request) {
    HttpURI uri = request.getHttpURI();
    String path = uri == null ? null : uri.getPath();
    return path == null || path.equals(BAD_MESSAGE_PATH) || Route.isApiPath(path);
  }
}
