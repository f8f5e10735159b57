package io.loadline.plugins.http;

import io.loadline.spi.Exchange;
import io.loadline.spi.Outcome;
import io.loadline.spi.StepResult;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.client.HttpClient;

/**
 * Sends the run's HTTP client through its request path against a {@link LoopbackResponder} of its
 * own, before the run's time origin, until the JIT compiler has compiled that path: it stops once
 * the JVM's compilers have been nearly idle for half a second (at least {@link #MIN_DURATION}, at
 * most the engine's limit). Without it a cold JVM on two cores took about eight seconds to reach
 * 10,000 requests/s, and arrivals came late or were dropped meanwhile; its compilers were busy for
 * most of that time.
 *
 * <p>Nothing is sent to any address a plan names: the only destination is the responder on
 * 127.0.0.1, which this class starts and closes. No figure of the run is touched. A few request
 * loops run at once, each starting its next request on the thread that ended the last, as
 * closed-model users do; few, so that the compilers get the CPU they need.
 *
 * <p>Thread-safety: {@link #run} is called once, from one thread; its loops run on the client's
 * threads.
 */
final class HttpWarmUp {

  /** Request loops running at once during the warm-up. */
  static final int CONCURRENT_LOOPS = 8;

  /** The shortest warm-up, so that the compilers have seen enough calls to start working. */
  static final Duration MIN_DURATION = Duration.ofSeconds(1);

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  private static final long CHECK_MILLIS = 250;

  /** Compile time per check below which the compilers count as idle (10% of one core). */
  private static final long IDLE_COMPILE_MILLIS = CHECK_MILLIS / 10;

  private static final int IDLE_CHECKS_TO_SETTLE = 2;
  private static final long DRAIN_SECONDS = 3;

  private final HttpClient client;
  private final HttpClientSettings.Version version;
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean looping;
  private volatile CountDownLatch loopsEnded;
  private volatile URI target;

  /** A warm-up of {@code client}, whose requests speak {@code version}, as the responder will. */
  HttpWarmUp(HttpClient client, HttpClientSettings.Version version) {
    this.client = client;
    this.version = version;
  }

  /**
   * What one warm-up did.
   *
   * @param completed requests answered
   * @param failed requests that failed (each ends its loop)
   * @param took from the start to the last loop's end
   * @param settled whether it ended because the compilers went idle (false: the limit, a stop, or
   *     every loop failing ended it)
   */
  record Report(long completed, long failed, Duration took, boolean settled) {}

  /**
   * Runs the loops until the compilers settle, {@code maxDuration} passes or {@code stopRequested}
   * says true, then waits (briefly) for their last requests.
   *
   * @throws IOException when the loopback responder cannot be opened
   */
  Report run(Duration maxDuration, BooleanSupplier stopRequested)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    boolean settled = false;
    // The responder speaks the run's version, so the path compiled is the one the run takes.
    boolean http2 = version == HttpClientSettings.Version.HTTP_2;
    try (LoopbackResponder responder = LoopbackResponder.start(http2)) {
      target = URI.create("http://127.0.0.1:" + responder.port() + "/loadline-warm-up");
      looping = true;
      loopsEnded = new CountDownLatch(CONCURRENT_LOOPS);
      for (int loop = 0; loop < CONCURRENT_LOOPS; loop++) {
        send();
      }
      settled = awaitSettled(start, maxDuration, stopRequested);
      looping = false;
      loopsEnded.await(DRAIN_SECONDS, TimeUnit.SECONDS);
    } finally {
      looping = false;
    }
    return new Report(
        completed.get(), failed.get(), Duration.ofNanos(System.nanoTime() - start), settled);
  }

  /** Waits in short checks; true when the compilers settled, false on any other end. */
  private boolean awaitSettled(long start, Duration maxDuration, BooleanSupplier stopRequested)
      throws InterruptedException {
    CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    boolean measurable = compiler != null && compiler.isCompilationTimeMonitoringSupported();
    long lastCompileMillis = measurable ? compiler.getTotalCompilationTime() : 0;
    int idleChecks = 0;
    while (!loopsEnded.await(
        nextWaitMillis(System.nanoTime() - start, maxDuration.toNanos()), TimeUnit.MILLISECONDS)) {
      long elapsed = System.nanoTime() - start;
      if (stopRequested.getAsBoolean() || elapsed >= maxDuration.toNanos()) {
        return false;
      }
      if (!measurable) {
        continue; // no way to tell: the limit ends it
      }
      long compileMillis = compiler.getTotalCompilationTime();
      idleChecks = compileMillis - lastCompileMillis < IDLE_COMPILE_MILLIS ? idleChecks + 1 : 0;
      lastCompileMillis = compileMillis;
      if (idleChecks >= IDLE_CHECKS_TO_SETTLE && elapsed >= MIN_DURATION.toNanos()) {
        return true;
      }
    }
    return false; // every loop failed
  }

  /**
   * How long to wait before the next look at the compilers: a check's length, but no longer than
   * what is left of {@code maxNanos}, so that the warm-up ends at its limit. It waited whole checks
   * of 250 ms, and a 150 ms warm-up took about 300 ms.
   */
  static long nextWaitMillis(long elapsedNanos, long maxNanos) {
    long leftMillis = TimeUnit.NANOSECONDS.toMillis(Math.max(0, maxNanos - elapsedNanos) + 999_999);
    return Math.max(1, Math.min(CHECK_MILLIS, leftMillis));
  }

  private void send() {
    HttpFlight.Hop hop = new HttpFlight.Hop("GET", target, List.of(), null);
    // Its own responder speaks the client's version: a failure here ends a loop, and is no news
    // about any target.
    new HttpFlight(
            client,
            new LoopExchange(),
            new CookieJar(),
            false,
            REQUEST_TIMEOUT.toNanos(),
            detail -> {})
        .start(hop);
  }

  /** One request of a loop; its end starts the loop's next request while the warm-up goes on. */
  private final class LoopExchange implements Exchange {

    @Override
    public Duration timeout() {
      return REQUEST_TIMEOUT;
    }

    @Override
    public void sent() {}

    @Override
    public void complete(StepResult result) {
      boolean success = result.outcome() == Outcome.SUCCESS;
      (success ? completed : failed).incrementAndGet();
      // A failure (such as the responder gone) ends the loop, so a broken warm-up never spins.
      if (success && looping) {
        send();
      } else {
        loopsEnded.countDown();
      }
    }
  }
}
