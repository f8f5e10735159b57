-- Loadline schema, version 3: security and governance (issue 6).

-- Session tokens revoked before their expiry (logout). A row is needed only until the token
-- would have expired anyway; rows past expires_at are purged.
CREATE TABLE revoked_tokens (
  token_id   TEXT    PRIMARY KEY,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX revoked_tokens_by_expiry ON revoked_tokens (expires_at);

-- The audit log is read by actor, action and time.
CREATE INDEX audit_log_by_actor ON audit_log (actor, id);
CREATE INDEX audit_log_by_at ON audit_log (at);

-- Append-only: the application has no update or delete, and the database refuses them too.
CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
