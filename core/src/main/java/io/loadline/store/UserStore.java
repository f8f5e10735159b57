package io.loadline.store;

import java.util.List;
import java.util.Optional;

/** User accounts in the database. Thread-safe. */
public final class UserStore {

  public UserStore(Database database) {
    throw new UnsupportedOperationException("skeleton: persistence is being built");
  }

  /**
   * @throws io.loadline.ConflictException when the username is taken
   */
  public User create(String username, String passwordHash, String role) {
    throw new UnsupportedOperationException("skeleton");
  }

  public Optional<User> findByUsername(String username) {
    throw new UnsupportedOperationException("skeleton");
  }

  public Optional<User> find(long id) {
    throw new UnsupportedOperationException("skeleton");
  }

  public List<User> list() {
    throw new UnsupportedOperationException("skeleton");
  }

  public long count() {
    throw new UnsupportedOperationException("skeleton");
  }
}
