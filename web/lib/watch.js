// /api/watch: WatchEvents bridged to Server-Sent Events.
//
// Events sent to the browser:
//   event: ready   data: {}                    the server has registered the
//                                              watch (its initial metadata came)
//   event: events  data: {"events": [...]}     one WatchEventsResponse
//   event: error   data: {"error": {...}}      the stream ended with an error
//                                              (same body as the JSON API)
// plus a comment line every `heartbeatMs` so that proxies keep the
// connection. The gRPC call has a deadline (`watchDeadlineMs`); when it
// passes, or the server ends the stream, the response ends and the
// browser's EventSource reconnects by itself (`retry:` says how soon). A
// browser that goes away cancels the gRPC call.

import grpc from '@grpc/grpc-js';

import { errorBody } from './errors.js';

export function serveWatch(client, request, req, res, options = {}) {
  const heartbeatMs = options.heartbeatMs ?? 15000;
  const watchDeadlineMs = options.watchDeadlineMs ?? 10 * 60 * 1000;
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const send = (event, data) => {
    if (!res.writableEnded) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  const call = client.stream('WatchEvents', request, watchDeadlineMs);
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    res.end();
  };
  const heartbeat = setInterval(() => {
    if (!res.writableEnded) res.write(': keep-alive\n\n');
  }, heartbeatMs);

  call.on('metadata', () => send('ready', {}));
  call.on('data', (message) => send('events', { events: message.events }));
  call.on('error', (err) => {
    // A deadline or a browser that left ends quietly; anything else is shown.
    if (err.code !== grpc.status.CANCELLED && err.code !== grpc.status.DEADLINE_EXCEEDED) {
      send('error', errorBody(client.toError(err)).body);
    }
    finish();
  });
  call.on('end', finish);
  req.on('close', () => {
    if (!closed) call.cancel();
    finish();
  });
}
