package io.loadline.plugins.http;

import io.loadline.spi.Exchange;
import io.loadline.spi.Outcome;
import io.loadline.spi.StepResult;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;

/**
 * Follows one HTTP exchange: reports the send to the engine, counts the response body's bytes
 * without keeping them, and reports the outcome once. Jetty calls it from its own threads, one
 * callback at a time for a given exchange.
 */
final class HttpExchangeListener implements Response.CompleteListener {

  private static final int MAX_CAUSE_DEPTH = 16;

  private final Exchange exchange;
  private volatile long bytesReceived;

  HttpExchangeListener(Exchange exchange) {
    this.exchange = exchange;
  }

  /** Counts a chunk of response body; Jetty releases the buffer after this returns. */
  void onContent(Response response, ByteBuffer content) {
    bytesReceived += content.remaining();
  }

  @Override
  public void onComplete(Result result) {
    Response response = result.getResponse();
    int status = response == null ? 0 : response.getStatus();
    if (result.isFailed()) {
      Throwable failure = result.getFailure();
      exchange.complete(
          new StepResult(classify(failure), status, bytesReceived, describe(failure)));
    } else {
      exchange.complete(new StepResult(outcomeOf(status), status, bytesReceived, ""));
    }
  }

  /** 1xx to 3xx succeed, 4xx are client errors, 5xx (and anything odd) server errors. */
  static Outcome outcomeOf(int status) {
    if (status >= 100 && status < 400) {
      return Outcome.SUCCESS;
    }
    return status >= 400 && status < 500 ? Outcome.CLIENT_ERROR : Outcome.SERVER_ERROR;
  }

  /**
   * The kind of a failure, found anywhere in its cause chain: a timeout of any sort (the total
   * timeout, an idle timeout, a connect timeout) is {@code TIMEOUT}; a refused, unroutable or
   * unresolvable address is {@code CONNECT_ERROR}; anything else is {@code OTHER_ERROR}.
   */
  static Outcome classify(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (cause instanceof TimeoutException
          || cause instanceof SocketTimeoutException
          || cause instanceof InterruptedByTimeoutException) {
        return Outcome.TIMEOUT;
      }
      if (cause instanceof ConnectException
          || cause instanceof NoRouteToHostException
          || cause instanceof UnresolvedAddressException
          || cause instanceof UnknownHostException) {
        return Outcome.CONNECT_ERROR;
      }
      cause = cause.getCause();
    }
    return Outcome.OTHER_ERROR;
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    String name = failure.getClass().getSimpleName();
    return message == null || message.isBlank() ? name : name + ": " + message;
  }
}
