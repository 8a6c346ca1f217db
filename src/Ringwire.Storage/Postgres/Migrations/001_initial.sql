-- Ringwire schema on PostgreSQL, version 1. The same tables, columns and rules as Sqlite/Migrations/001_initial.sql,
-- in PostgreSQL's own types where they help:
--   * Call ids: uuid. Ordered byte by byte, which is the order of their lower-case text, so ties sort as in SQLite.
--   * Timestamps: timestamptz. The stores write whole milliseconds (PostgresEncoding truncates, as SQLite's epoch
--     milliseconds do), so a time reads back exactly as written.
--   * Enums: text, the contract's wire name (StoredNames.cs), with CHECK constraints listing every allowed value: the
--     same names as SQLite, and no ALTER TYPE when a value is added.
--   * Booleans: boolean.
--   * JSON (call metadata, trace detail): text, byte for byte as the caller gave it. jsonb would reorder keys and
--     drop whitespace, and json would reject what SQLite stores.
--   * Ids, user ids, device ids, tokens and keys: text COLLATE "C", compared and ordered byte by byte as in SQLite
--     (and as the stores' callers order them, ordinally), whatever the database's default collation is.

CREATE TABLE calls (
  call_id         uuid        NOT NULL PRIMARY KEY,
  from_user       text        COLLATE "C" NOT NULL,
  to_user         text        COLLATE "C" NOT NULL,
  caller_name     text,
  caller_handle   text        NOT NULL,
  handle_type     text        NOT NULL CHECK (handle_type IN ('generic', 'phoneNumber', 'emailAddress')),
  video           boolean     NOT NULL,
  state           text        NOT NULL CHECK (state IN ('ringing', 'answered', 'cancelled', 'declined', 'missed', 'unreachable', 'ended')),
  version         integer     NOT NULL,
  end_reason      text        CHECK (end_reason IN ('caller_cancelled', 'callee_declined', 'busy', 'ring_timeout', 'dnd', 'no_devices', 'push_failed', 'claim_timeout', 'hangup')),
  answered_by     text        COLLATE "C",
  ended_by        text        COLLATE "C",
  ended_by_device text        COLLATE "C",
  created_at      timestamptz NOT NULL,
  ring_until      timestamptz NOT NULL,
  claim_until     timestamptz NOT NULL,
  answered_at     timestamptz,
  ended_at        timestamptz,
  metadata        text        NOT NULL DEFAULT '{}'
);

-- call_id ends the list indexes because it breaks created_at ties in every ORDER BY, so no query sorts.
CREATE INDEX calls_ringing_by_callee ON calls (to_user, created_at, call_id) WHERE state = 'ringing';
CREATE INDEX calls_ringing ON calls (created_at, call_id) WHERE state = 'ringing';
CREATE INDEX calls_by_from ON calls (from_user, created_at, call_id);
CREATE INDEX calls_by_to ON calls (to_user, created_at, call_id);
CREATE INDEX calls_terminal_by_ended ON calls (ended_at) WHERE state NOT IN ('ringing', 'answered');
CREATE INDEX calls_answered_by_from ON calls (from_user) WHERE state = 'answered';
CREATE INDEX calls_answered_by_to ON calls (to_user) WHERE state = 'answered';

-- One callee device's part in a call. push_at is when the push outcome was recorded (push-health counting).
CREATE TABLE legs (
  call_id     uuid        NOT NULL REFERENCES calls (call_id) ON DELETE CASCADE,
  device_id   text        COLLATE "C" NOT NULL,
  platform    text        NOT NULL CHECK (platform IN ('ios', 'android', 'web')),
  push        text        NOT NULL CHECK (push IN ('pending', 'sent', 'failed', 'none', 'skipped')),
  push_error  text,
  claimed_at  timestamptz,
  reported_at timestamptz,
  push_at     timestamptz,
  PRIMARY KEY (call_id, device_id)
);

-- id is the write order, which the trace keeps even when another node's clock is behind.
CREATE TABLE call_trace (
  id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  call_id   uuid        NOT NULL REFERENCES calls (call_id) ON DELETE CASCADE,
  at        timestamptz NOT NULL,
  type      text        NOT NULL,
  device_id text        COLLATE "C",
  detail    text        NOT NULL DEFAULT '{}'
);

CREATE INDEX call_trace_by_call ON call_trace (call_id, id);

CREATE TABLE devices (
  user_id          text        COLLATE "C" NOT NULL,
  device_id        text        COLLATE "C" NOT NULL,
  platform         text        NOT NULL CHECK (platform IN ('ios', 'android', 'web')),
  voip_token       text        COLLATE "C",
  alert_token      text        COLLATE "C",
  fcm_token        text        COLLATE "C",
  apns_environment text        NOT NULL CHECK (apns_environment IN ('production', 'sandbox')),
  bundle_id        text,
  name             text,
  registered_at    timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  last_seen_at     timestamptz,
  PRIMARY KEY (user_id, device_id)
);

-- A push token belongs to one device at a time (contract §4): the store moves it, these indexes guarantee it.
CREATE UNIQUE INDEX devices_voip_token ON devices (voip_token) WHERE voip_token IS NOT NULL;
CREATE UNIQUE INDEX devices_alert_token ON devices (alert_token) WHERE alert_token IS NOT NULL;
CREATE UNIQUE INDEX devices_fcm_token ON devices (fcm_token) WHERE fcm_token IS NOT NULL;

-- Scoped by the caller (the call's From user). The foreign key is deferred so the key can be claimed before the
-- call row exists in the same transaction; it cascades so purging a call drops its key. The primary key is what
-- makes two creates with one key meet: the second waits on the first's row and then sees it.
CREATE TABLE idempotency_keys (
  caller     text        COLLATE "C" NOT NULL,
  key        text        COLLATE "C" NOT NULL,
  call_id    uuid        NOT NULL REFERENCES calls (call_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (caller, key)
);

CREATE INDEX idempotency_keys_by_call ON idempotency_keys (call_id);

-- No row: not in do not disturb.
CREATE TABLE dnd (
  user_id text        COLLATE "C" NOT NULL PRIMARY KEY,
  until   timestamptz NOT NULL
);

CREATE TABLE blocks (
  user_id         text        COLLATE "C" NOT NULL,
  blocked_user_id text        COLLATE "C" NOT NULL,
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (user_id, blocked_user_id)
);
