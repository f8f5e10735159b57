-- Loadline schema, version 1.
-- Every timestamp is epoch milliseconds, UTC (INTEGER). Booleans are 0 or 1.

CREATE TABLE plans (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  name        TEXT    NOT NULL,
  format      TEXT    NOT NULL CHECK (format IN ('yaml', 'json')),
  source      TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

-- A run keeps a snapshot of its plan's name and source, and plan_id has no foreign key on
-- purpose: deleting or editing a plan never touches the history of its runs.
CREATE TABLE runs (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id      INTEGER NOT NULL,
  plan_name    TEXT    NOT NULL,
  plan_source  TEXT    NOT NULL,
  state        TEXT    NOT NULL CHECK (state IN ('PENDING', 'RUNNING', 'PASSED', 'FAILED',
                 'CANCELLED', 'ABORTED', 'ERROR', 'INTERRUPTED')),
  stop_reason  TEXT,
  created_at   INTEGER NOT NULL,
  started_at   INTEGER,
  ended_at     INTEGER,
  duration_ms  INTEGER,
  summary_json TEXT,
  error        TEXT
);
CREATE INDEX runs_by_plan ON runs (plan_id, id);
CREATE INDEX runs_by_state ON runs (state);

-- One row per 1 s interval snapshot of a run.
CREATE TABLE run_series (
  run_id       INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  second       INTEGER NOT NULL,
  payload_json TEXT    NOT NULL,
  PRIMARY KEY (run_id, second)
) WITHOUT ROWID;

-- Encoded HdrHistograms of a finished run; step is '' for a scenario's own histogram.
CREATE TABLE run_histograms (
  run_id   INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  scenario TEXT    NOT NULL,
  step     TEXT    NOT NULL,
  kind     TEXT    NOT NULL,
  encoded  BLOB    NOT NULL,
  PRIMARY KEY (run_id, scenario, step, kind)
);

-- Usernames are unique without regard to case, so 'Admin' cannot shadow 'admin'.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  username      TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT    NOT NULL,
  role          TEXT    NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at    INTEGER NOT NULL
);

CREATE TABLE api_keys (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         TEXT    NOT NULL,
  key_hash     TEXT    NOT NULL UNIQUE,
  role         TEXT    NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER,
  last_used_at INTEGER,
  revoked_at   INTEGER
);
CREATE INDEX api_keys_by_user ON api_keys (user_id);

CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at         INTEGER NOT NULL,
  actor      TEXT    NOT NULL,
  role       TEXT,
  action     TEXT    NOT NULL,
  target     TEXT    NOT NULL,
  outcome    TEXT    NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
  address    TEXT,
  request_id TEXT
);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
