package io.loadline.run;

import io.loadline.engine.Engine;
import io.loadline.store.Database;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Starts, stops and tracks runs, and keeps them in the database. One per process; thread-safe.
 *
 * <p>At construction every run left PENDING or RUNNING by a process that has gone is marked
 * INTERRUPTED.
 */
public final class RunService implements AutoCloseable {

  public RunService(Database database, Engine engine) {
    throw new UnsupportedOperationException("skeleton: the run service is being built");
  }

  /**
   * Starts a run of the stored plan. The run is persisted PENDING, then RUNNING.
   *
   * @throws io.loadline.NotFoundException when the plan does not exist
   * @throws io.loadline.plan.PlanValidationException when the stored plan no longer validates
   */
  public RunRecord start(long planId) {
    throw new UnsupportedOperationException("skeleton");
  }

  /**
   * Stops a running run; it ends CANCELLED once in-flight requests have finished or the graceful
   * stop ran out. Returns the run as it is when the stop has been requested.
   *
   * @throws io.loadline.NotFoundException when the run does not exist
   * @throws io.loadline.ConflictException when the run has already ended
   */
  public RunRecord stop(long runId) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** The run, with its live summary while it runs. */
  public Optional<RunRecord> find(long runId) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Runs newest first, of one plan or all when {@code planId} is empty. */
  public List<RunRecord> list(Optional<Long> planId, int limit) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Waits until the run has ended or the wait ran out, then returns it as it is. */
  public Optional<RunRecord> awaitEnd(long runId, Duration maxWait) throws InterruptedException {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Stops every active run with reason {@code shutdown} and waits for them to end. */
  @Override
  public void close() {}
}
