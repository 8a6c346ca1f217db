-- Nodes sharing one database (issue 5): which devices are connected, and to which node, so that any node can tell
-- whether a callee is still reachable when a call's claim deadline passes (contract §5). One row per WebSocket
-- connection, not per device: a device that reconnects to another node before its old socket is noticed gone has
-- two for a moment, and removing the old one must not hide the new one. Each node renews its rows' expires_at while
-- it runs; the rows of a node that dies simply expire. Times are the nodes' clocks, as every other time here.
CREATE TABLE device_presence (
  connection_id uuid        NOT NULL PRIMARY KEY,
  node_id       text        COLLATE "C" NOT NULL,
  user_id       text        COLLATE "C" NOT NULL,
  device_id     text        COLLATE "C" NOT NULL,
  expires_at    timestamptz NOT NULL
);

CREATE INDEX device_presence_by_user ON device_presence (user_id, expires_at);
CREATE INDEX device_presence_by_node ON device_presence (node_id);
