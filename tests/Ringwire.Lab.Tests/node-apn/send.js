// Sends one push with @parse/node-apn (a real APNs client) and prints the outcome as one JSON line.
// Input: a JSON object as the first argument (or in RINGWIRE_NODE_APN_REQUEST):
//   { host, port, caFile, keyFile, keyId, teamId, topic, token, pushType, payload, expiration, priority }
// Output: { "sent": [{ "device", "apnsId" }], "failed": [{ "device", "status", "reason", "timestamp", "error" }] }
'use strict';

const fs = require('fs');
const apn = require('@parse/node-apn');

async function main() {
  const request = JSON.parse(process.argv[2] || process.env.RINGWIRE_NODE_APN_REQUEST || '');
  const provider = new apn.Provider({
    token: { key: request.keyFile, keyId: request.keyId, teamId: request.teamId },
    // node-apn connects to https://<address> with `port` from the options (lib/client.js, lib/config.js).
    address: request.host,
    port: request.port,
    ca: [fs.readFileSync(request.caFile)],
    production: false,
    // One attempt: the test asserts on the first answer, as Apple gave it.
    connectionRetryLimit: 0,
    requestTimeout: 10000,
  });

  const note = new apn.Notification();
  note.topic = request.topic;
  note.pushType = request.pushType || 'voip';
  note.priority = request.priority ?? 10;
  if (request.expiration !== undefined && request.expiration !== null) {
    note.expiry = request.expiration;
  }
  note.rawPayload = request.payload ?? { callId: 'c1' };

  try {
    const result = await provider.send(note, request.token);
    const output = {
      sent: result.sent.map(s => ({ device: s.device, apnsId: s['apns-id'] ?? null })),
      failed: result.failed.map(f => ({
        device: f.device,
        status: f.status ?? null,
        reason: f.response ? f.response.reason : null,
        timestamp: f.response && f.response.timestamp !== undefined ? f.response.timestamp : null,
        error: f.error ? String(f.error.message || f.error) : null,
      })),
    };
    process.stdout.write(JSON.stringify(output) + '\n');
  } finally {
    await provider.shutdown();
  }
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
    process.exit(1);
  }
);
