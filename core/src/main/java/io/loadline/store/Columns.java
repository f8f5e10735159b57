package io.loadline.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * How the stores read and write timestamps: epoch milliseconds (UTC) in INTEGER columns, the one
 * convention of the whole schema. Stateless.
 */
final class Columns {

  private Columns() {}

  /** The current time at the precision the database keeps, so a written record reads back equal. */
  static Instant now() {
    return Instant.ofEpochMilli(System.currentTimeMillis());
  }

  static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  /** The column as an instant, or null when it is NULL. */
  static Instant instant(ResultSet row, String column) throws SQLException {
    long millis = row.getLong(column);
    return row.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}
