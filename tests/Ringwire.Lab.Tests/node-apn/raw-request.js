// Sends one raw HTTP/2 request with Node's own http2 module, which .NET's HttpClient cannot shape the same way
// (it folds repeated headers into one). Prints { "status", "body" } as one JSON line.
// Input: a JSON object as the first argument: { host, port, caFile, path, method, headers, body }
// A header whose value is an array is sent once per value.
'use strict';

const fs = require('fs');
const http2 = require('http2');

const request = JSON.parse(process.argv[2]);
const session = http2.connect(`https://${request.host}:${request.port}`, { ca: fs.readFileSync(request.caFile) });
session.on('error', error => {
  process.stderr.write(String(error) + '\n');
  process.exit(1);
});

const stream = session.request({ ':method': request.method || 'POST', ':path': request.path, ...request.headers });
let status = 0;
let body = '';
stream.setEncoding('utf8');
stream.on('response', headers => {
  status = headers[':status'];
});
stream.on('data', chunk => {
  body += chunk;
});
stream.on('end', () => {
  process.stdout.write(JSON.stringify({ status, body }) + '\n');
  session.close();
});
stream.end(request.body || '');
