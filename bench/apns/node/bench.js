// Sends COUNT VoIP pushes through one @parse/node-apn Provider (one HTTP/2 session) with a sliding window of
// CONCURRENCY sends in flight, after WARMUP unmeasured ones, and prints the figures as one JSON line.
// usage: node bench.js --host 127.0.0.1 --port P --ca ca.pem --key-file AuthKey_X.p8 --key-id X --team-id T
//          --bundle-id B --token HEX --body body.json [--count 50000] [--concurrency 100] [--warmup 100000]
// Exit codes: 0 every push delivered; 1 a push failed; 2 bad options or no warm-up push delivered.
'use strict';

const fs = require('fs');
const { parseArgs } = require('util');
const apn = require('@parse/node-apn');

function options() {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string' },
      ca: { type: 'string' },
      'key-file': { type: 'string' },
      'key-id': { type: 'string' },
      'team-id': { type: 'string' },
      'bundle-id': { type: 'string' },
      token: { type: 'string' },
      body: { type: 'string' },
      count: { type: 'string', default: '50000' },
      concurrency: { type: 'string', default: '100' },
      warmup: { type: 'string', default: '100000' },
    },
  });
  for (const name of ['port', 'ca', 'key-file', 'key-id', 'team-id', 'bundle-id', 'token', 'body']) {
    if (values[name] === undefined) {
      throw new Error(`--${name} is required`);
    }
  }
  const whole = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) {
      throw new Error(`--${name} must be a whole number from ${min}, got '${values[name]}'`);
    }
    return n;
  };
  return {
    ...values,
    port: whole('port', 1),
    count: whole('count', 1),
    concurrency: whole('concurrency', 1),
    warmup: whole('warmup', 0),
  };
}

// The same bytes as the other clients: node-apn sends JSON.stringify(rawPayload), so the file must round-trip.
function notification(o) {
  const text = fs.readFileSync(o.body, 'utf8');
  const payload = JSON.parse(text);
  if (JSON.stringify(payload) !== text) {
    throw new Error(`${o.body} is not compact JSON: node-apn would send other bytes`);
  }
  const note = new apn.Notification();
  note.topic = `${o['bundle-id']}.voip`;
  note.pushType = 'voip';
  note.priority = 10;
  note.expiry = 0;
  note.rawPayload = payload;
  return { note, bodyBytes: Buffer.byteLength(text) };
}

// Sends `count` pushes, `concurrency` at a time: each loop sends its next push when its previous one is answered.
async function window(provider, note, token, count, concurrency) {
  const latencies = new Float64Array(count);
  const errors = new Map();
  let next = 0;
  let answered = 0;
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const loop = async () => {
    while (next < count) {
      next++;
      const sentAt = process.hrtime.bigint();
      let kind = null;
      try {
        const result = await provider.send(note, token);
        if (result.failed.length > 0) {
          const f = result.failed[0];
          kind = `${f.status ?? '-'} ${f.response ? f.response.reason : f.error ? String(f.error.message || f.error) : '-'}`;
        }
      } catch (error) {
        kind = `exception ${error && error.message ? error.message : error}`;
      }
      latencies[answered++] = Number(process.hrtime.bigint() - sentAt) / 1e6;
      if (kind !== null) {
        errors.set(kind, (errors.get(kind) || 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, loop));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, latencies: latencies.subarray(0, answered), answered, errors, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

// Nearest rank, as the .NET tool computes it.
function percentile(sorted, p) {
  if (sorted.length === 0) {
    return 0;
  }
  const rank = Math.ceil(p * sorted.length);
  return Math.round(sorted[Math.min(Math.max(rank - 1, 0), sorted.length - 1)] * 1000) / 1000;
}

async function main() {
  const o = options();
  const { note, bodyBytes } = notification(o);
  const provider = new apn.Provider({
    token: { key: o['key-file'], keyId: o['key-id'], teamId: o['team-id'] },
    // node-apn connects to https://<address> with `port` from the options (lib/client.js, lib/config.js).
    address: o.host,
    port: o.port,
    ca: [fs.readFileSync(o.ca)],
    production: false,
    // Like the Ringwire sender: a failure is counted, not retried.
    connectionRetryLimit: 0,
    requestTimeout: 15000,
  });
  try {
    if (o.warmup > 0) {
      const warm = await window(provider, note, o.token, o.warmup, o.concurrency);
      if (warm.errors.size > 0 && [...warm.errors.values()].reduce((a, b) => a + b, 0) === warm.answered) {
        throw new Error(`no warm-up push was delivered: ${[...warm.errors.keys()].join(', ')}`);
      }
    }
    const run = await window(provider, note, o.token, o.count, o.concurrency);
    const sorted = Float64Array.from(run.latencies).sort();
    const errorTotal = [...run.errors.values()].reduce((a, b) => a + b, 0);
    const report = {
      client: `@parse/node-apn ${require('@parse/node-apn/package.json').version}`,
      node: process.version,
      count: o.count,
      concurrency: o.concurrency,
      warmup: o.warmup,
      bodyBytes,
      sent: run.answered,
      delivered: run.answered - errorTotal,
      errorTotal,
      errors: Object.fromEntries(run.errors),
      seconds: Math.round(run.seconds * 1000) / 1000,
      pushesPerSecond: Math.round((run.answered / run.seconds) * 10) / 10,
      latency: { count: sorted.length, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), maxMs: percentile(sorted, 1) },
      clientCpuSeconds: Math.round(run.cpuSeconds * 1000) / 1000,
      clientCpuMicrosecondsPerPush: Math.round((run.cpuSeconds * 1e7) / Math.max(1, run.answered)) / 10,
    };
    process.stdout.write(JSON.stringify(report) + '\n');
    return errorTotal === 0 && run.answered === o.count ? 0 : 1;
  } finally {
    await provider.shutdown();
  }
}

main().then(
  code => process.exit(code),
  error => {
    process.stderr.write(`node-apn bench: ${error && error.message ? error.message : error}\n`);
    process.exit(2);
  }
);
