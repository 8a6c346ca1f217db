-- The operator's lists (GET /v1/admin/calls and /v1/admin/devices); the same indexes as Sqlite/Migrations/002:
--   * every user's calls newest first, all of them or only the terminal ones (most calls are, so a walk down this
--     index stops after about `limit` rows);
--   * the live ones (ringing or answered), few among many ended calls;
--   * the wake-up pushes no claim or report followed, for every device at once (push health). A leg leaves this index
--     when its device claims or reports the call, so it holds little more than the pushes that worry an operator.
CREATE INDEX calls_by_created ON calls (created_at, call_id);
CREATE INDEX calls_live ON calls (created_at, call_id) WHERE state IN ('ringing', 'answered');
CREATE INDEX legs_unclaimed_by_push_at ON legs (push_at) WHERE push = 'sent' AND claimed_at IS NULL AND reported_at IS NULL;
