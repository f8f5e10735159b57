package io.loadline.store;

import java.util.List;
import java.util.Optional;

/** Plans in the database. Thread-safe. */
public final class PlanStore {

  public PlanStore(Database database) {
    throw new UnsupportedOperationException("skeleton: persistence is being built");
  }

  public StoredPlan create(String name, String format, String source) {
    throw new UnsupportedOperationException("skeleton");
  }

  public Optional<StoredPlan> find(long id) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Every plan, newest first. */
  public List<StoredPlan> list() {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Replaces a plan's name and source; empty when it does not exist. */
  public Optional<StoredPlan> update(long id, String name, String format, String source) {
    throw new UnsupportedOperationException("skeleton");
  }

  /** Deletes a plan; false when it did not exist. Its runs are kept. */
  public boolean delete(long id) {
    throw new UnsupportedOperationException("skeleton");
  }
}
