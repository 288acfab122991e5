// The gateway's gRPC side: one client of eventgraph.v1.EventGraph, built at
// start from proto/eventgraph/v1/eventgraph.proto (no generated code).
//
// Every call carries a deadline. Errors come back as GrpcError, with the
// google.rpc.Status of the `grpc-status-details-bin` trailer decoded: the
// BadRequest field violations, when the server sent any.
//
// Messages are plain objects with the proto's field names (snake_case),
// enums as their names, int64 as numbers (counts stay far below 2^53) and
// unset proto3 `optional` fields absent (goldstein_mean, for example).

import path from 'node:path';
import { fileURLToPath } from 'node:url';

import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_PROTO_DIR = path.resolve(HERE, '..', '..', 'proto');

const LOADER_OPTIONS = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: false,
  includeDirs: [],
};

// A failed call: `code` is the gRPC status code (a number), `codeName` its
// name, `violations` the BadRequest field violations ([{field, description}]).
export class GrpcError extends Error {
  constructor(code, message, violations = []) {
    super(message);
    this.name = 'GrpcError';
    this.code = code;
    this.codeName = codeName(code);
    this.violations = violations;
  }
}

const CODE_NAMES = Object.fromEntries(
  Object.entries(grpc.status).map(([name, value]) => [value, name]));

export function codeName(code) {
  return CODE_NAMES[code] ?? `CODE_${code}`;
}

// Decodes google.rpc.Status from the trailer into field violations.
class StatusDecoder {
  constructor(protoDir) {
    const root = new protobuf.Root();
    root.resolvePath = (origin, target) => {
      // google/protobuf/*.proto are protobufjs's built-in common types.
      if (target.startsWith('google/protobuf/')) return target;
      return path.join(protoDir, target);
    };
    root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'],
                  { keepCase: true });
    this.status = root.lookupType('google.rpc.Status');
    this.badRequest = root.lookupType('google.rpc.BadRequest');
  }

  violations(metadata) {
    const raw = metadata?.get?.('grpc-status-details-bin')?.[0];
    if (!raw) return [];
    try {
      const status = this.status.decode(raw);
      const out = [];
      for (const any of status.details ?? []) {
        if (!any.type_url.endsWith('/google.rpc.BadRequest')) continue;
        const bad = this.badRequest.decode(any.value);
        for (const v of bad.field_violations ?? []) {
          out.push({ field: v.field, description: v.description });
        }
      }
      return out;
    } catch {
      return [];  // undecodable details: the message alone still says why
    }
  }
}

// A client of the EventGraph service at `address` (HOST:PORT, plaintext).
// Thread safety: one Node.js event loop; calls may overlap freely.
export class EventGraphClient {
  // options: {protoDir, deadlineMs (default 15000)}.
  constructor(address, options = {}) {
    const protoDir = options.protoDir ?? DEFAULT_PROTO_DIR;
    const definition = protoLoader.loadSync('eventgraph/v1/eventgraph.proto', {
      ...LOADER_OPTIONS, includeDirs: [protoDir] });
    const pkg = grpc.loadPackageDefinition(definition);
    this.address = address;
    this.deadlineMs = options.deadlineMs ?? 15000;
    this.stub = new pkg.eventgraph.v1.EventGraph(
      address, grpc.credentials.createInsecure(), {
        'grpc.max_receive_message_length': 64 * 1024 * 1024,
      });
    this.decoder = new StatusDecoder(protoDir);
  }

  close() {
    this.stub.close();
  }

  deadline(ms) {
    return new Date(Date.now() + (ms ?? this.deadlineMs));
  }

  toError(err) {
    if (err instanceof GrpcError) return err;
    const code = typeof err?.code === 'number' ? err.code : grpc.status.UNKNOWN;
    // grpc-js prefixes "5 NOT_FOUND: "; `details` is the server's message.
    const message = err?.details || err?.message || String(err);
    return new GrpcError(code, message, this.decoder.violations(err?.metadata));
  }

  // A unary call: resolves to the response object, rejects with GrpcError.
  unary(method, request, deadlineMs) {
    return new Promise((resolve, reject) => {
      this.stub[method](request, { deadline: this.deadline(deadlineMs) },
        (err, response) => (err ? reject(this.toError(err)) : resolve(response)));
    });
  }

  // A server-streaming call collected to the end: resolves to the list of
  // messages. `signal` (AbortSignal, optional) cancels it.
  collect(method, request, deadlineMs, signal) {
    return new Promise((resolve, reject) => {
      const call = this.stub[method](request, { deadline: this.deadline(deadlineMs) });
      const messages = [];
      const onAbort = () => call.cancel();
      signal?.addEventListener('abort', onAbort, { once: true });
      call.on('data', (m) => messages.push(m));
      call.on('error', (err) => {
        signal?.removeEventListener('abort', onAbort);
        reject(this.toError(err));
      });
      call.on('end', () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(messages);
      });
    });
  }

  // A server-streaming call handed to the caller (for WatchEvents): returns
  // the grpc-js call; its 'error' events carry raw errors (use toError).
  stream(method, request, deadlineMs) {
    return this.stub[method](request, { deadline: this.deadline(deadlineMs) });
  }

  getStats() { return this.unary('GetStats', {}); }
  getTimeline(req) { return this.unary('GetTimeline', req); }
  listEvents(req) { return this.unary('ListEvents', req); }
  searchActors(req) { return this.unary('SearchActors', req); }
  getActor(req) { return this.unary('GetActor', req); }
  getNeighbors(req) { return this.unary('GetNeighbors', req); }
  findPaths(req) { return this.unary('FindPaths', req); }
  ingest(req) { return this.unary('Ingest', req); }

  // GetSubgraph's chunks merged: {from_date, to_date, nodes, edges, truncated}.
  async getSubgraph(req, signal) {
    const chunks = await this.collect('GetSubgraph', req, undefined, signal);
    const out = { from_date: '', to_date: '', nodes: [], edges: [], truncated: false };
    for (const c of chunks) {
      if (c.from_date) out.from_date = c.from_date;
      if (c.to_date) out.to_date = c.to_date;
      out.nodes.push(...c.nodes);
      out.edges.push(...c.edges);
      out.truncated = out.truncated || c.truncated;
    }
    return out;
  }
}
