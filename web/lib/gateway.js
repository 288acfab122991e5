// The HTTP side of the gateway: a JSON API over the EventGraph gRPC client,
// the live feed as Server-Sent Events, and the page's static files.
//
//   GET /api/stats                               GetStats
//   GET /api/actors?prefix=&page_size=           SearchActors
//   GET /api/actor?name=                         GetActor
//   GET /api/timeline?actor=&counterpart=&granularity=year&from_date=&to_date=
//                    &direction=&action=&event_code_prefix=&quad_classes=1,3&split=1
//       split=1 (or true, yes, on; 0, false, no, off: not split) sets
//       split_directions: every bucket and the total then also carry `outgoing`
//       (actor -> counterpart, or -> anyone) and `incoming` (the other way),
//       buckets of the same shape; without it they are left out. Any other
//       value: 400 naming `split`; with direction=out or in: the server's
//       INVALID_ARGUMENT (400) naming split_directions.
//   GET /api/events?...same selection...&page_size=&page_token=&descending=
//   GET /api/neighbors?actor=&order=&limit=&...   GetNeighbors
//   GET /api/path?from_actor=&to_actor=&mode=&max_hops=&limit=&directed=...
//   GET /api/subgraph?seeds=A&seeds=B&radius=&max_nodes=&...  (chunks merged)
//   GET /api/watch?actor=&counterpart=&...       WatchEvents as SSE
//
// Parameters carry the proto's field names, `split` excepted (lib/params.js).
// Answers are the response messages as JSON (proto field names). Errors:
// lib/errors.js.

import http from 'node:http';

import { errorBody } from './errors.js';
import * as P from './params.js';
import { StaticFiles } from './static.js';
import { serveWatch } from './watch.js';

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

// GetTimeline's answer with `outgoing` and `incoming` only where the server
// set them (split_directions), not as nulls in every bucket.
export function timelineAnswer(t) {
  const clean = (b) => {
    if (!b) return b;
    const out = { ...b };
    for (const side of ['outgoing', 'incoming']) {
      if (out[side]) out[side] = clean(out[side]);
      else delete out[side];
    }
    return out;
  };
  return { ...t, buckets: t.buckets.map(clean), total: clean(t.total) };
}

// Creates (does not start) the HTTP server. options: {publicDir, log,
// watchDeadlineMs, heartbeatMs}.
export function createGateway(client, options) {
  const files = new StaticFiles(options.publicDir);
  const log = options.log ?? (() => {});

  const routes = {
    '/api/stats': () => client.getStats(),
    '/api/actors': (p) => client.searchActors(P.searchActorsRequest(p)),
    '/api/actor': (p) => client.getActor(P.getActorRequest(p)),
    '/api/timeline': async (p) => timelineAnswer(await client.getTimeline(P.timelineRequest(p))),
    '/api/events': (p) => client.listEvents(P.listEventsRequest(p)),
    '/api/neighbors': (p) => client.getNeighbors(P.neighborsRequest(p)),
    '/api/path': (p) => client.findPaths(P.findPathsRequest(p)),
    '/api/subgraph': (p, signal) => client.getSubgraph(P.subgraphRequest(p), signal),
  };

  return http.createServer(async (req, res) => {
    const started = Date.now();
    let url;
    try {
      url = new URL(req.url, 'http://gateway');
    } catch {
      sendJson(res, 400, { error: { code: 'INVALID_ARGUMENT', message: 'bad URL' } });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: { code: 'UNIMPLEMENTED', message: `${req.method} not allowed` } });
      return;
    }
    const route = routes[url.pathname];
    if (route) {
      const abort = new AbortController();
      res.on('close', () => abort.abort());
      try {
        const answer = await route(new P.Params(url.searchParams), abort.signal);
        sendJson(res, 200, answer);
        log(`${req.method} ${url.pathname} 200 ${Date.now() - started} ms`);
      } catch (err) {
        const { status, body } = errorBody(err);
        if (!res.headersSent) sendJson(res, status, body);
        log(`${req.method} ${url.pathname} ${status} ${body.error.code}: ${body.error.message}`);
      }
      return;
    }
    if (url.pathname === '/api/watch') {
      try {
        const request = P.watchRequest(new P.Params(url.searchParams));
        log(`watch ${JSON.stringify(request)}`);
        serveWatch(client, request, req, res, options);
      } catch (err) {
        const { status, body } = errorBody(err);
        sendJson(res, status, body);
      }
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no API ${url.pathname}` } });
      return;
    }
    if (!files.serve(url.pathname, res)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
    }
  });
}
