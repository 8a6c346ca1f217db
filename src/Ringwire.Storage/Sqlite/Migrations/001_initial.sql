-- Ringwire schema, version 1.
--
-- Encodings (SqliteEncoding.cs is the one place that reads and writes them):
--   * Timestamps: INTEGER Unix epoch milliseconds, UTC. Compact, sortable, exact at the millisecond precision the
--     contract needs; anything finer is truncated on write.
--   * Enums: TEXT, the contract's wire name (CallState 'ringing', EndReason 'caller_cancelled', HandleType
--     'phoneNumber', PushStatus 'sent', Platform 'ios', ApnsEnvironment 'production'). Readable in the sqlite3 shell
--     and immune to reordering of the C# enums; the CHECK constraints list every allowed value.
--   * Call ids: TEXT, Guid in lower-case "D" format (the CallKit UUID the contract shows).
--   * Booleans: INTEGER 0/1.
--   * JSON (call metadata, trace detail): TEXT, as the caller gave it.
-- Tables are STRICT so a wrongly typed value (a Guid bound as a BLOB, a time as TEXT) fails loudly.

CREATE TABLE calls (
  call_id         TEXT    NOT NULL PRIMARY KEY,
  from_user       TEXT    NOT NULL,
  to_user         TEXT    NOT NULL,
  caller_name     TEXT,
  caller_handle   TEXT    NOT NULL,
  handle_type     TEXT    NOT NULL CHECK (handle_type IN ('generic', 'phoneNumber', 'emailAddress')),
  video           INTEGER NOT NULL CHECK (video IN (0, 1)),
  state           TEXT    NOT NULL CHECK (state IN ('ringing', 'answered', 'cancelled', 'declined', 'missed', 'unreachable', 'ended')),
  version         INTEGER NOT NULL,
  end_reason      TEXT    CHECK (end_reason IN ('caller_cancelled', 'callee_declined', 'busy', 'ring_timeout', 'dnd', 'no_devices', 'push_failed', 'claim_timeout', 'hangup')),
  answered_by     TEXT,
  ended_by        TEXT,
  ended_by_device TEXT,
  created_at      INTEGER NOT NULL,
  ring_until      INTEGER NOT NULL,
  claim_until     INTEGER NOT NULL,
  answered_at     INTEGER,
  ended_at        INTEGER,
  metadata        TEXT    NOT NULL DEFAULT '{}'
) STRICT;

-- call_id ends the list indexes because it breaks created_at ties in every ORDER BY, so no query sorts. Partial
-- indexes are used only by queries that repeat the index's WHERE term verbatim, as SQLite's planner requires.
CREATE INDEX calls_ringing_by_callee ON calls (to_user, created_at, call_id) WHERE state = 'ringing';
CREATE INDEX calls_ringing ON calls (created_at, call_id) WHERE state = 'ringing';
CREATE INDEX calls_by_from ON calls (from_user, created_at, call_id);
CREATE INDEX calls_by_to ON calls (to_user, created_at, call_id);
CREATE INDEX calls_terminal_by_ended ON calls (ended_at) WHERE state NOT IN ('ringing', 'answered');
CREATE INDEX calls_answered_by_from ON calls (from_user) WHERE state = 'answered';
CREATE INDEX calls_answered_by_to ON calls (to_user) WHERE state = 'answered';

-- One callee device's part in a call. push_at is when the push outcome was recorded (push-health counting).
CREATE TABLE legs (
  call_id     TEXT    NOT NULL REFERENCES calls (call_id) ON DELETE CASCADE,
  device_id   TEXT    NOT NULL,
  platform    TEXT    NOT NULL CHECK (platform IN ('ios', 'android', 'web')),
  push        TEXT    NOT NULL CHECK (push IN ('pending', 'sent', 'failed', 'none', 'skipped')),
  push_error  TEXT,
  claimed_at  INTEGER,
  reported_at INTEGER,
  push_at     INTEGER,
  PRIMARY KEY (call_id, device_id)
) STRICT;

CREATE TABLE call_trace (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  call_id   TEXT    NOT NULL REFERENCES calls (call_id) ON DELETE CASCADE,
  at        INTEGER NOT NULL,
  type      TEXT    NOT NULL,
  device_id TEXT,
  detail    TEXT    NOT NULL DEFAULT '{}'
) STRICT;

CREATE INDEX call_trace_by_call ON call_trace (call_id, id);

CREATE TABLE devices (
  user_id          TEXT    NOT NULL,
  device_id        TEXT    NOT NULL,
  platform         TEXT    NOT NULL CHECK (platform IN ('ios', 'android', 'web')),
  voip_token       TEXT,
  alert_token      TEXT,
  fcm_token        TEXT,
  apns_environment TEXT    NOT NULL CHECK (apns_environment IN ('production', 'sandbox')),
  bundle_id        TEXT,
  name             TEXT,
  registered_at    INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  last_seen_at     INTEGER,
  PRIMARY KEY (user_id, device_id)
) STRICT;

-- A push token belongs to one device at a time (contract §4); the store moves it, these indexes guarantee it.
CREATE UNIQUE INDEX devices_voip_token ON devices (voip_token) WHERE voip_token IS NOT NULL;
CREATE UNIQUE INDEX devices_alert_token ON devices (alert_token) WHERE alert_token IS NOT NULL;
CREATE UNIQUE INDEX devices_fcm_token ON devices (fcm_token) WHERE fcm_token IS NOT NULL;

-- Scoped by the caller (the call's From user). The foreign key is deferred so the key can be claimed before the
-- call row exists in the same transaction; it cascades so purging a call drops its key.
CREATE TABLE idempotency_keys (
  caller     TEXT    NOT NULL,
  key        TEXT    NOT NULL,
  call_id    TEXT    NOT NULL REFERENCES calls (call_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (caller, key)
) STRICT;

CREATE INDEX idempotency_keys_by_call ON idempotency_keys (call_id);

-- No row: not in do not disturb.
CREATE TABLE dnd (
  user_id TEXT    NOT NULL PRIMARY KEY,
  until   INTEGER NOT NULL
) STRICT;

CREATE TABLE blocks (
  user_id         TEXT    NOT NULL,
  blocked_user_id TEXT    NOT NULL,
  created_at      INTEGER NOT NULL,
  PRIMARY KEY (user_id, blocked_user_id)
) STRICT;
