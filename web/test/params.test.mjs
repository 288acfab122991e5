// Unit tests of the gateway's parameter parsing and error mapping (no
// server, no browser).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { errorBody, httpStatusOf } from '../lib/errors.js';
import { timelineAnswer } from '../lib/gateway.js';
import { GrpcError } from '../lib/grpc_client.js';
import * as P from '../lib/params.js';

const params = (qs) => new P.Params(new URLSearchParams(qs));

test('timeline parameters become a GetTimelineRequest', () => {
  assert.deepEqual(P.timelineRequest(params(
    'actor=Russia&counterpart=North%20Korea&granularity=Month&direction=out&from_date=2018-01-01&quad_classes=3,4&event_code_prefix=04')), {
    actor: 'Russia', counterpart: 'North Korea', direction: 'DIRECTION_OUT', from_date: '2018-01-01',
    filter: { event_code_prefix: '04', quad_classes: [3, 4] }, granularity: 'GRANULARITY_MONTH',
  });
  // Empty parameters are left to the proto defaults; the server checks the rest.
  assert.deepEqual(P.timelineRequest(params('actor=&to_date=')), { actor: '', filter: { quad_classes: [] } });
  assert.deepEqual(P.timelineRequest(params('actor=A&split=')), { actor: 'A', filter: { quad_classes: [] } });
});

test('split=1 asks for split_directions; the server judges it with the direction', () => {
  const split = (qs) => P.timelineRequest(params(qs)).split_directions;
  assert.equal(split('actor=A&counterpart=B&split=1'), true);
  assert.equal(split('actor=A&counterpart=B&split=TRUE'), true);
  assert.equal(split('actor=A&counterpart=B&split=0'), false);
  assert.equal(split('actor=A&counterpart=B&split=false'), false);
  assert.equal(split('actor=A&counterpart=B'), undefined);
  // A one-way direction goes to the server as asked (it answers INVALID_ARGUMENT).
  assert.deepEqual(P.timelineRequest(params('actor=A&direction=in&split=1')), {
    actor: 'A', direction: 'DIRECTION_IN', filter: { quad_classes: [] }, split_directions: true,
  });
});

test('a timeline answer keeps outgoing and incoming only where the server set them', () => {
  const bucket = (n, sides) => ({ start_date: '2024-01-01', event_count: n, ...sides });
  const unsplit = timelineAnswer({ actor: 'A', buckets: [bucket(3, { outgoing: null, incoming: null })],
    total: bucket(3, { outgoing: null, incoming: null }) });
  assert.deepEqual(unsplit, { actor: 'A', buckets: [bucket(3)], total: bucket(3) });
  const out = bucket(2, { outgoing: null, incoming: null });
  const inc = bucket(1, { outgoing: null, incoming: null });
  const split = timelineAnswer({ actor: 'A', buckets: [bucket(3, { outgoing: out, incoming: inc })],
    total: bucket(3, { outgoing: out, incoming: inc }) });
  assert.deepEqual(split.buckets[0], bucket(3, { outgoing: bucket(2), incoming: bucket(1) }));
  assert.deepEqual(split.total, bucket(3, { outgoing: bucket(2), incoming: bucket(1) }));
});

test('words and numbers the gateway cannot send are INVALID_ARGUMENT with the field', () => {
  const cases = [
    [() => P.timelineRequest(params('actor=A&granularity=fortnight')), 'granularity'],
    [() => P.timelineRequest(params('actor=A&direction=sideways')), 'direction'],
    [() => P.timelineRequest(params('actor=A&quad_classes=1,x')), 'filter.quad_classes'],
    [() => P.timelineRequest(params('actor=A&counterpart=B&split=maybe')), 'split'],
    [() => P.timelineRequest(params('actor=A&counterpart=B&split=2')), 'split'],
    [() => P.listEventsRequest(params('page_size=ten')), 'page_size'],
    [() => P.findPathsRequest(params('from_actor=A&to_actor=B&mode=teleport')), 'mode'],
    [() => P.findPathsRequest(params('from_actor=A&to_actor=B&goldstein_min=low')), 'filter.goldstein_min'],
    [() => P.neighborsRequest(params('actor=A&order=alphabetical')), 'order'],
    [() => P.subgraphRequest(params('seeds=A&radius=1.5')), 'radius'],
  ];
  for (const [fn, field] of cases) {
    assert.throws(fn, (err) => {
      const { status, body } = errorBody(err);
      assert.equal(status, 400);
      assert.equal(body.error.code, 'INVALID_ARGUMENT');
      assert.equal(body.error.source, 'gateway');
      assert.deepEqual(body.error.field_violations.map((v) => v.field), [field]);
      return true;
    });
  }
});

test('path, neighbour and subgraph parameters', () => {
  assert.deepEqual(P.findPathsRequest(params(
    'from_actor=A&to_actor=B&mode=k-shortest&limit=5&directed=true&min_events=2&max_hops=3')), {
    from_actor: 'A', to_actor: 'B', directed: true, filter: { quad_classes: [], min_events: 2 },
    mode: 'PATH_MODE_K_SHORTEST', max_hops: 3, limit: 5,
  });
  assert.equal(P.neighborsRequest(params('actor=A&order=hostile')).order, 'NEIGHBOR_ORDER_HOSTILE');
  // Seeds repeat; a name with a comma stays whole.
  assert.deepEqual(P.subgraphRequest(params('seeds=A&seeds=Korea,%20North&radius=2')).seeds, ['A', 'Korea, North']);
});

test('gRPC codes map to HTTP statuses', () => {
  assert.equal(httpStatusOf(5), 404);   // NOT_FOUND
  assert.equal(httpStatusOf(3), 400);   // INVALID_ARGUMENT
  assert.equal(httpStatusOf(11), 400);  // OUT_OF_RANGE
  assert.equal(httpStatusOf(8), 429);   // RESOURCE_EXHAUSTED
  assert.equal(httpStatusOf(4), 504);   // DEADLINE_EXCEEDED
  assert.equal(httpStatusOf(14), 503);  // UNAVAILABLE
  assert.equal(httpStatusOf(15), 500);  // DATA_LOSS
  const { status, body } = errorBody(new GrpcError(5, 'actor "Atlantis" not found'));
  assert.equal(status, 404);
  assert.deepEqual(body.error, {
    code: 'NOT_FOUND', grpc_code: 5, http_status: 404, message: 'actor "Atlantis" not found',
    field_violations: [], source: 'server',
  });
  // Anything else thrown while serving is INTERNAL.
  assert.equal(errorBody(new Error('boom')).body.error.code, 'INTERNAL');
});
