#!/usr/bin/env node
// EventGraph dashboard gateway.
//
//   node web/server.js [--server 127.0.0.1:50051] [--host 127.0.0.1] [--port 8080]
//                      [--port-file FILE] [--deadline 15] [--proto-dir DIR] [--quiet]
//
// Serves the dashboard page and a JSON API that calls eventgraphd over gRPC
// (lib/gateway.js lists the endpoints). --port 0 takes a free port; the
// port chosen is printed and written to --port-file. SIGTERM or SIGINT stop
// it. Every gRPC call carries a deadline of --deadline seconds (the live
// feed's stream is renewed every 10 minutes).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { EventGraphClient, DEFAULT_PROTO_DIR } from './lib/grpc_client.js';
import { createGateway } from './lib/gateway.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

const USAGE = `usage: server.js [--server HOST:PORT] [--host ADDR] [--port N] [--port-file FILE]
                 [--deadline SECONDS] [--proto-dir DIR] [--quiet]`;

function parseArgs(argv) {
  const opts = {
    server: '127.0.0.1:50051', host: '127.0.0.1', port: 8080, portFile: '',
    deadline: 15, protoDir: DEFAULT_PROTO_DIR, quiet: false,
  };
  const names = {
    '--server': 'server', '--host': 'host', '--port': 'port', '--port-file': 'portFile',
    '--deadline': 'deadline', '--proto-dir': 'protoDir',
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (eq > 0) [arg, value] = [arg.slice(0, eq), arg.slice(eq + 1)];
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (arg === '--quiet') {
      opts.quiet = true;
      continue;
    }
    const key = names[arg];
    if (!key) throw new Error(`unknown option ${arg}`);
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      value = argv[++i];
    }
    opts[key] = value;
  }
  opts.port = Number(opts.port);
  opts.deadline = Number(opts.deadline);
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    throw new Error(`--port: "${opts.port}" is not a port number`);
  }
  if (!(opts.deadline > 0)) throw new Error('--deadline: must be a positive number of seconds');
  return opts;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (err) {
  console.error(`server.js: ${err.message}\n${USAGE}`);
  process.exit(2);
}

const log = opts.quiet ? () => {} : (line) => console.log(`[gateway] ${line}`);
const client = new EventGraphClient(opts.server, {
  protoDir: opts.protoDir, deadlineMs: opts.deadline * 1000 });
const server = createGateway(client, { publicDir: path.join(HERE, 'public'), log });

server.on('error', (err) => {
  console.error(`server.js: cannot listen on ${opts.host}:${opts.port}: ${err.message}`);
  process.exit(1);
});
server.listen(opts.port, opts.host, () => {
  const { port } = server.address();
  if (opts.portFile) {
    fs.writeFileSync(`${opts.portFile}.tmp`, `${port}\n`);
    fs.renameSync(`${opts.portFile}.tmp`, opts.portFile);
  }
  console.log(`EventGraph dashboard on http://${opts.host}:${port}/ (server ${opts.server})`);
});

function stop(signal) {
  log(`${signal}: stopping`);
  server.close();
  server.closeAllConnections?.();
  client.close();
  setTimeout(() => process.exit(0), 200).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
