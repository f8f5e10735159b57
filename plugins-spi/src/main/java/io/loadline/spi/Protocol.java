package io.loadline.spi;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A protocol client for one run, shared by all of the run's virtual users; it must be thread-safe.
 *
 * <p>Lifecycle: the engine calls {@link #prepare} for every step while validating the plan (before
 * {@link #start}), then {@link #start}, then {@link #execute} any number of times from many
 * threads, then {@link #close}. The engine owns the instance and closes it exactly once.
 */
public interface Protocol extends AutoCloseable {

  /**
   * Validates one step's request settings and returns an immutable, reusable form of it. Called
   * before {@link #start()}; must not do I/O.
   *
   * @throws InvalidConfigException with every problem of the step, each with its field path
   */
  PreparedStep prepare(PluginConfig stepConfig) throws InvalidConfigException;

  /**
   * Opens what the protocol needs (a client, a pool). The engine calls it on one of the run's
   * threads, whose SLF4J MDC holds the run id (key {@code runId}, when the host logs through
   * SLF4J). A protocol that runs code on threads of its own should give them that MDC, so that the
   * lines it logs there name the run; the engine itself puts it around its completion callback,
   * whatever thread calls {@link Exchange#complete}.
   */
  void start() throws Exception;

  /**
   * Starts one request asynchronously and returns at once. The protocol calls {@link
   * Exchange#sent()} when the request leaves for the network and {@link Exchange#complete} exactly
   * once with the outcome, from any thread. It never throws for a failed request: a failure is an
   * outcome. It applies {@link Exchange#timeout()} to the whole exchange.
   *
   * @param variables the virtual user's variables (feeder record fields and so on), read-only
   */
  void execute(PreparedStep step, Map<String, String> variables, Exchange exchange);

  /**
   * Starts one request of one iteration; the engine calls this form. The default ignores the
   * session's state and calls {@link #execute(PreparedStep, Map, Exchange)} with its variables, so
   * protocols written before sessions existed keep working. A protocol with per-user state (such as
   * cookies) overrides it and keeps that state in {@link Session#state}.
   */
  default void execute(PreparedStep step, Session session, Exchange exchange) {
    execute(step, session.variables(), exchange);
  }

  /**
   * Runs the protocol's own request path for a while before the run's time origin, so that the JVM
   * has compiled it before the first real arrival; the default does nothing. The engine calls it at
   * most once, after {@link #start()}, only for a run whose planned load is high, and counts
   * nothing it does.
   *
   * <p>An implementation must send nothing to any address a plan names: the only peer it may use is
   * a server it starts itself on the loopback interface and closes before returning. It returns
   * within {@code maxDuration}, and soon after {@code stopRequested} says true (the run was stopped
   * meanwhile). It may return earlier, when its code is compiled; a failure only ends the warm-up.
   */
  default void warmUp(Duration maxDuration, BooleanSupplier stopRequested) throws Exception {}

  /** Releases everything {@link #start()} opened. In-flight exchanges complete as failures. */
  @Override
  void close() throws Exception;
}
