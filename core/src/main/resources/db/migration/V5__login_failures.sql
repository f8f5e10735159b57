-- Loadline schema, version 5: failed-login counts survive a restart.
-- One row per throttled key ('user:<lower-case name>' or 'address:<client address>'): how many
-- failed logins it has had in a row and when the last one was (epoch milliseconds). A success
-- deletes the user's row; rows older than the throttle's window are purged.
CREATE TABLE login_failures (
  throttle_key TEXT    PRIMARY KEY,
  failures     INTEGER NOT NULL,
  last_at      INTEGER NOT NULL
) WITHOUT ROWID;
