package io.loadline.engine;

import io.loadline.spi.Session;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * One iteration of one virtual user: its variables (declared ones, then the feeder record, then
 * extracted values) and the protocols' per-iteration state, such as the HTTP cookie jar. Made fresh
 * at every arrival and dropped when the iteration ends, so no value or cookie ever reaches another
 * user or a later iteration.
 *
 * <p>An iteration ends exactly once, either by running its last step or by being abandoned (a
 * closed-model user retired on a ramp-down that outlived the graceful stop); its later steps then
 * start nothing.
 *
 * <p>Thread-safety: steps run one after another on different threads; concurrent maps publish the
 * values safely from one step's thread to the next. The end flag and the current request are
 * volatile, read and written from any thread.
 */
final class Iteration implements Session {

  private static final VarHandle ENDED;

  static {
    try {
      ENDED = MethodHandles.lookup().findVarHandle(Iteration.class, "ended", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Map<String, String> variables = new ConcurrentHashMap<>();
  private final Map<String, String> readOnlyVariables = Collections.unmodifiableMap(variables);
  private final Map<Object, Object> states = new ConcurrentHashMap<>();

  private final int user;

  /** The seeded scenario's generator for this iteration, or null to use the thread's. */
  private final RandomGenerator random;

  @SuppressWarnings("unused") // written through ENDED
  private volatile int ended;

  private volatile StepExchange currentExchange;

  /** The think step's pending end, or null; kept to cancel it when the iteration is abandoned. */
  private volatile Future<?> pause;

  /** An open-model iteration starting with {@code declared} variables and the feeder record. */
  Iteration(Map<String, String> declared, Map<String, String> feederRecord) {
    this(declared, feederRecord, ScenarioRun.NO_USER);
  }

  /**
   * An iteration starting with {@code declared} variables, overridden by the feeder record.
   *
   * @param user the closed-model user running this iteration, or {@link ScenarioRun#NO_USER}
   */
  Iteration(Map<String, String> declared, Map<String, String> feederRecord, int user) {
    this(declared, feederRecord, user, null);
  }

  /**
   * An iteration of a seeded scenario.
   *
   * @param random its own generator (used by one step at a time), or null to use the thread's
   */
  Iteration(
      Map<String, String> declared,
      Map<String, String> feederRecord,
      int user,
      RandomGenerator random) {
    this.user = user;
    this.random = random;
    variables.putAll(declared);
    variables.putAll(feederRecord);
  }

  @Override
  public Map<String, String> variables() {
    return readOnlyVariables;
  }

  /** The closed-model user running this iteration, or {@link ScenarioRun#NO_USER}. */
  int user() {
    return user;
  }

  /** Ends the iteration; true for the one caller that ended it, false when it had ended. */
  boolean tryEnd() {
    return ENDED.compareAndSet(this, 0, 1);
  }

  boolean hasEnded() {
    return ended != 0;
  }

  /** The iteration's latest request, ended or not; null before its first. */
  StepExchange currentExchange() {
    return currentExchange;
  }

  void setCurrentExchange(StepExchange exchange) {
    currentExchange = exchange;
  }

  /** Notes the think step the iteration is paused in; cancelled at once if it has ended. */
  void setPause(Future<?> pendingPause) {
    pause = pendingPause;
    if (hasEnded()) {
      pendingPause.cancel(false);
    }
  }

  /** Cancels the think step the iteration is paused in, if any: it was abandoned. */
  void cancelPause() {
    Future<?> pendingPause = pause;
    if (pendingPause != null) {
      pendingPause.cancel(false);
    }
  }

  /** Sets a variable for the rest of the iteration (an extracted value). */
  void set(String name, String value) {
    variables.put(name, value);
  }

  @Override
  public RandomGenerator random() {
    return random != null ? random : ThreadLocalRandom.current();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T state(Object key, Supplier<T> factory) {
    return (T) states.computeIfAbsent(key, ignored -> factory.get());
  }

  @Override
  public String toString() {
    return "Iteration[" + variables.size() + " variables]";
  }
}
