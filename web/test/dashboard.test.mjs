// End-to-end test of the dashboard: the real eventgraphd, the sample loaded
// with the CLI, the gateway, and Debian's Chromium driven by playwright-core.
// The page's numbers are compared with the server's own answers, asked
// directly over gRPC by the test (never through the page).
//
// Run by CTest (tests/web/CMakeLists.txt, label e2e;web) through
// tests/web/run_web_test.sh, which checks Node.js and Chromium and runs
// `npm ci` when web/node_modules is missing.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { EventGraphClient } from '../lib/grpc_client.js';
import * as H from './harness.mjs';

let dir;
let server;
let gateway;
let client;
let browser;
let page;
let base;
let shots;
const pageErrors = [];

before(async () => {
  dir = H.makeTempDir();
  shots = H.outDir();
  server = await H.startServer(dir);
  const address = `127.0.0.1:${server.port}`;
  const out = H.runCli(['--server', address, 'ingest', H.SAMPLE]);
  client = new EventGraphClient(address, { deadlineMs: 20000 });
  const stats = await client.getStats();
  assert.equal(stats.events, 76, `the sample holds 76 events; the CLI said:\n${out}`);
  gateway = await H.startGateway(dir, address);
  base = `http://127.0.0.1:${gateway.port}`;
  browser = await H.launchBrowser(dir);
  page = browser.pages()[0] ?? await browser.newPage();
  page.setDefaultTimeout(20000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

after(async () => {
  await browser?.close();
  client?.close();
  await H.stop(gateway?.proc);
  await H.stop(server?.proc);
});

const fmtG = (g) => (g === undefined ? '—' : g.toFixed(2));
const fmtN = (n) => n.toLocaleString('en-US');
const QUAD_KEYS = ['verbal_cooperation', 'material_cooperation', 'verbal_conflict', 'material_conflict', 'unclassified'];

// The bucket table as the page shows it.
async function pageBuckets() {
  return page.$$eval('#bucket-table tbody tr', (rows) => rows.map((r) => {
    const cols = {};
    r.querySelectorAll('td[data-col]').forEach((td) => { cols[td.dataset.col] = td.textContent.trim(); });
    return { start: r.dataset.start, end: r.dataset.end, cols };
  }));
}

// The page's table and chart against a GetTimelineResponse; returns a
// description of the first difference, or '' when all equal.
async function timelineDifference(expected) {
  const rows = await pageBuckets();
  if (rows.length !== expected.buckets.length) return `${rows.length} rows, expected ${expected.buckets.length}`;
  for (let i = 0; i < rows.length; i++) {
    const b = expected.buckets[i];
    const r = rows[i];
    const want = { event_count: fmtN(b.event_count), goldstein_mean: fmtG(b.goldstein_mean), mentions: fmtN(b.mentions) };
    for (const k of QUAD_KEYS) want[k] = fmtN(b[k]);
    if (r.start !== b.start_date || r.end !== b.end_date) return `row ${i}: ${r.start}..${r.end} vs ${b.start_date}..${b.end_date}`;
    for (const [k, v] of Object.entries(want)) {
      if (r.cols[k] !== v) return `${b.start_date} ${k}: page ${r.cols[k]}, server ${v}`;
    }
  }
  const tiles = await page.$$eval('[data-testid^=total-] .tile-value', (n) => n.map((x) => x.textContent.trim()));
  const t = expected.total;
  const wantTiles = [fmtN(t.event_count), ...QUAD_KEYS.slice(0, 4).map((k) => fmtN(t[k])), fmtG(t.goldstein_mean), fmtN(t.mentions)];
  if (JSON.stringify(tiles) !== JSON.stringify(wantTiles)) return `totals ${tiles} vs ${wantTiles}`;
  // The chart draws the same numbers.
  const series = await page.evaluate(() => window.eventgraphDashboard.state.chart.getOption().series
    .map((s) => ({ name: s.name, data: s.data })));
  for (let q = 0; q < QUAD_KEYS.length; q++) {
    const want = expected.buckets.map((b) => b[QUAD_KEYS[q]]);
    if (JSON.stringify(series[q].data) !== JSON.stringify(want)) return `chart series ${series[q].name}: ${series[q].data} vs ${want}`;
  }
  const line = series[5].data;
  for (let i = 0; i < line.length; i++) {
    const g = expected.buckets[i].goldstein_mean;
    if (g === undefined ? line[i] !== null : Math.abs(line[i] - g) > 1e-3) return `Goldstein line at ${i}: ${line[i]} vs ${g}`;
  }
  return '';
}

async function screenshot(name) {
  const file = path.join(shots, name);
  await page.mouse.move(1, 1);  // no hover effects in the picture
  await page.waitForTimeout(400);
  await page.screenshot({ path: file, fullPage: true });
  const png = H.checkPng(file);
  assert.ok(png.width >= 1000 && png.height >= 600, `${name}: ${png.width}x${png.height}`);
  return file;
}

const TIMELINE = { actor: 'Russia', counterpart: 'North Korea', granularity: 'GRANULARITY_YEAR' };

test('the Russia–North Korea timeline shows the server\'s numbers; a clicked bucket lists its events with sources', async () => {
  await page.goto(`${base}/#/timeline`);
  await page.fill('#timeline-form input[name=actor]', 'Russia');
  await page.fill('#timeline-form input[name=counterpart]', 'North Korea');
  await page.selectOption('#timeline-form select[name=granularity]', 'year');
  await page.click('#timeline-form button[type=submit]');
  await page.waitForSelector('#bucket-table tbody tr');

  const expected = await client.getTimeline(TIMELINE);
  // The sample's known figures (README): 17 events, 2000..2024 by year.
  assert.equal(expected.total.event_count, 17);
  assert.equal(expected.buckets.length, 25);
  assert.equal(await timelineDifference(expected), '');
  assert.match(await page.textContent('#view h2'), /Russia ↔ North Korea/);

  // Click the 2024 column of the chart (the page turns the pixel into a bucket).
  const index = expected.buckets.findIndex((b) => b.start_date === '2024-01-01');
  const point = await page.evaluate(([i, y]) => window.eventgraphDashboard.state.chart
    .convertToPixel({ xAxisIndex: 0, yAxisIndex: 0 }, [i, y]), [index, expected.buckets[index].event_count / 2]);
  const box = await page.locator('#timeline-chart').boundingBox();
  await page.mouse.click(box.x + point[0], box.y + point[1]);
  await page.waitForSelector('#events-table tbody tr');
  assert.equal(await page.evaluate(() => window.eventgraphDashboard.state.selected), index);
  assert.match(await page.textContent('#bucket-events-title'), /2024-01-01 – 2024-12-31/);

  const listed = await client.listEvents({ ...TIMELINE, granularity: undefined, from_date: '2024-01-01', to_date: '2024-12-31', page_size: 50 });
  assert.ok(listed.events.length >= 1);
  // The list may be drawn again (a second load of the bucket) while it is
  // read: wait until it holds the bucket's events.
  await page.waitForFunction((n) => document.querySelectorAll('#events-table tbody tr').length === n,
    listed.events.length);
  const rows = await page.$$eval('#events-table tbody tr', (trs) => trs.map((tr) => ({
    id: Number(tr.dataset.id), href: tr.querySelector('a.source')?.href ?? '', text: tr.textContent })));
  assert.deepEqual(rows.map((r) => r.id), listed.events.map((e) => e.id));
  for (let i = 0; i < rows.length; i++) {
    assert.equal(rows[i].href, new URL(listed.events[i].source).href, 'each event links its source');
    assert.ok(rows[i].text.includes(listed.events[i].action));
  }
  await screenshot('timeline.png');

  // A row of the table selects its bucket too.
  await page.click('#bucket-table tr[data-start="2016-01-01"]');
  await page.waitForFunction(() => /2016-01-01/.test(document.querySelector('#bucket-events-title').textContent)
    && document.querySelectorAll('#events-table tbody tr').length > 0);
  const y2016 = await client.listEvents({ actor: 'Russia', counterpart: 'North Korea', from_date: '2016-01-01', to_date: '2016-12-31' });
  const ids2016 = await page.$$eval('#events-table tbody tr', (trs) => trs.map((tr) => Number(tr.dataset.id)));
  assert.deepEqual(ids2016, y2016.events.map((e) => e.id));
});

test('the live feed updates the open timeline without a reload', async () => {
  await page.waitForSelector('#live-status[data-state=live]');
  await page.evaluate(() => { window.__sameDocument = 'yes'; });
  const before = await client.getTimeline(TIMELINE);
  const ack = await client.ingest({
    events: [
      { actor: 'Russia', action: 'Provide military aid', target: 'North Korea', date: '2024-07-02', event_code: '074',
        quad_class: 2, goldstein: 7.4, source: 'https://example.org/eventgraph-web-test/aid' },
      { actor: 'North Korea', action: 'Criticize or denounce', target: 'Russia', date: '2022-03-01', event_code: '111',
        quad_class: 3, goldstein: -2, source: 'https://example.org/eventgraph-web-test/denounce' },
    ],
  });
  assert.equal(ack.accepted, 2);
  const now = await client.getTimeline(TIMELINE);
  assert.equal(now.total.event_count, before.total.event_count + 2);
  const count = (t, start) => t.buckets.find((b) => b.start_date === start).event_count;
  assert.equal(count(now, '2024-01-01'), count(before, '2024-01-01') + 1);
  assert.equal(count(now, '2022-01-01'), count(before, '2022-01-01') + 1);
  await H.waitFor('the page to show the new server answer', async () => (await timelineDifference(now)) === '', 15000, 100);
  assert.equal(await page.evaluate(() => window.__sameDocument), 'yes', 'the page was not reloaded');
  // Both events are in the live feed; the selected 2016 bucket is unchanged.
  const liveIds = await page.$$eval('#live-table tbody tr', (trs) => trs.map((tr) => Number(tr.dataset.id)));
  assert.deepEqual([...liveIds].sort(), [...ack.event_ids].map(Number).sort());
  assert.match(await page.textContent('#live-status'), /2 new events/);
  await screenshot('timeline-live.png');
});

test('the path view draws FindPaths with the evidence of every hop', async () => {
  await page.goto(`${base}/#/path`);
  await page.fill('#path-form input[name=from_actor]', 'Donald Trump');
  await page.fill('#path-form input[name=to_actor]', 'Vladimir Putin');
  await page.click('#path-form button[type=submit]');
  await page.waitForSelector('[data-testid=path]');
  const expected = await client.findPaths({ from_actor: 'Donald Trump', to_actor: 'Vladimir Putin' });
  assert.ok(expected.paths.length >= 1);
  assert.ok(expected.paths.every((p) => p.hops.length === 2), 'Trump and Putin are two hops apart in the sample');

  const shown = await page.$$eval('[data-testid=path]', (paths) => paths.map((p) => ({
    actors: p.dataset.actors,
    hops: [...p.querySelectorAll('[data-testid=hop]')].map((h) => ({
      from: h.dataset.from, to: h.dataset.to, count: Number(h.dataset.count),
      evidence: [...h.querySelectorAll('.evidence li')].map((li) => Number(li.dataset.id)),
      sources: [...h.querySelectorAll('.evidence a.source')].map((a) => a.href),
    })),
  })));
  assert.deepEqual(shown.map((p) => p.actors), expected.paths.map((p) => p.actors.join('|')));
  for (let i = 0; i < shown.length; i++) {
    const want = expected.paths[i].hops.map((h) => ({
      from: h.from_actor, to: h.to_actor, count: h.summary.event_count,
      evidence: h.top_events.map((e) => e.id), sources: h.top_events.map((e) => new URL(e.source).href),
    }));
    assert.deepEqual(shown[i].hops, want);
  }
  // The graph: one node per actor of the paths, one edge per distinct hop.
  const actors = new Set(expected.paths.flatMap((p) => p.actors));
  const hops = new Set(expected.paths.flatMap((p) => p.hops.map((h) => [h.from_actor, h.to_actor].sort().join('|'))));
  const drawn = await page.evaluate(() => {
    const { cy } = window.eventgraphDashboard.state;
    return { nodes: cy.nodes().map((n) => n.data('label')).sort(), edges: cy.edges().length,
      labels: cy.edges().map((e) => e.data('label')) };
  });
  assert.deepEqual(drawn.nodes, [...actors].sort());
  assert.equal(drawn.edges, hops.size);
  await screenshot('path.png');

  // A time-respecting journey: each hop names the very event it takes.
  await page.selectOption('#path-form select[name=mode]', 'earliest');
  await page.click('#path-form button[type=submit]');
  await page.waitForSelector('.evidence.journey li');
  const journey = await client.findPaths({ from_actor: 'Donald Trump', to_actor: 'Vladimir Putin', mode: 'PATH_MODE_EARLIEST_ARRIVAL' });
  assert.equal(journey.paths.length, 1);
  const taken = await page.$$eval('.evidence.journey li', (lis) => lis.map((li) => Number(li.dataset.id)));
  assert.deepEqual(taken, journey.paths[0].hops.map((h) => h.event.id));
  assert.match(await page.textContent('[data-testid=path] .path-title'),
    new RegExp(`${journey.paths[0].departure_date} → ${journey.paths[0].arrival_date}`));
});

test('the network view renders the nodes of GetSubgraph', async () => {
  await page.goto(`${base}/#/network?seeds=Russia&radius=1`);
  await page.waitForSelector('#nodes-table tbody tr');
  const expected = await client.getSubgraph({ seeds: ['Russia'], radius: 1 });
  assert.ok(expected.nodes.length >= 3);
  const rows = await page.$$eval('#nodes-table tbody tr', (trs) => trs.map((tr) => tr.dataset.actor));
  assert.deepEqual(rows, expected.nodes.map((n) => n.actor));
  const pairs = new Set(expected.edges.map((e) => [e.from_actor, e.to_actor].sort().join('|')));
  const drawn = await page.evaluate(() => {
    const { cy } = window.eventgraphDashboard.state;
    const ext = cy.extent();
    return {
      nodes: cy.nodes().length, edges: cy.edges().length,
      // Every node is inside the visible part of the canvas.
      visible: cy.nodes().every((n) => { const p = n.position(); return p.x >= ext.x1 && p.x <= ext.x2 && p.y >= ext.y1 && p.y <= ext.y2; }),
      canvas: [...document.querySelectorAll('#network-graph canvas')].some((c) => c.width > 300 && c.height > 300),
    };
  });
  assert.deepEqual(drawn, { nodes: expected.nodes.length, edges: pairs.size, visible: true, canvas: true });
  // Clicking an actor row shows its figures.
  await page.click('#nodes-table tr[data-actor="North Korea"]');
  await page.waitForSelector('[data-testid=node-panel]');
  assert.match(await page.textContent('[data-testid=node-panel]'), /North Korea/);
  await screenshot('network.png');
});

test('the actor page lists the partners of GetNeighbors', async () => {
  await page.goto(`${base}/#/actor?name=north%20korea`);
  await page.waitForSelector('#partners-table tbody tr');
  const [actor, neighbors] = await Promise.all([
    client.getActor({ name: 'north korea' }),
    client.getNeighbors({ actor: 'north korea', limit: 50 }),
  ]);
  assert.equal(await page.textContent('[data-testid=actor-name]'), actor.name);
  assert.equal(await page.textContent('[data-testid=actor-events]'), fmtN(actor.event_count));
  const rows = await page.$$eval('#partners-table tbody tr', (trs) => trs.map((tr) => ({
    actor: tr.dataset.partner, count: tr.querySelector('[data-col=event_count]').textContent })));
  assert.deepEqual(rows, neighbors.neighbors.map((n) => ({ actor: n.actor, count: fmtN(n.summary.event_count) })));
  await screenshot('actor.png');
});

test('bad input is shown as an error with the server\'s message and field', async () => {
  let serverError;
  try {
    await client.getTimeline({ actor: 'Atlantis' });
  } catch (err) {
    serverError = err;
  }
  assert.equal(serverError?.codeName, 'NOT_FOUND');
  await page.goto(`${base}/#/timeline`);
  await page.fill('#timeline-form input[name=actor]', 'Atlantis');
  await page.click('#timeline-form button[type=submit]');
  await page.waitForSelector('[data-testid=error]');
  assert.equal(await page.textContent('[data-testid=error-code]'), 'NOT_FOUND');
  assert.equal(await page.textContent('[data-testid=error-message]'), serverError.message);
  assert.ok(await page.$eval('#timeline-results', (n) => n.hidden), 'no empty chart under the error');

  await page.fill('#timeline-form input[name=actor]', 'Russia');
  await page.fill('#timeline-form input[name=from_date]', '2018-02-30');
  await page.click('#timeline-form button[type=submit]');
  await page.waitForSelector('[data-testid=error-fields] li[data-field=from_date]');
  assert.equal(await page.textContent('[data-testid=error-code]'), 'INVALID_ARGUMENT');
  assert.ok(await page.$eval('#timeline-form input[name=from_date]', (i) => i.classList.contains('invalid')));
  await screenshot('error.png');

  // The JSON API maps gRPC codes to HTTP codes, and refuses words it cannot send.
  const notFound = await fetch(`${base}/api/timeline?actor=Atlantis`);
  assert.equal(notFound.status, 404);
  assert.equal((await notFound.json()).error.message, serverError.message);
  const bad = await fetch(`${base}/api/timeline?actor=Russia&granularity=fortnight`);
  assert.equal(bad.status, 400);
  assert.deepEqual((await bad.json()).error.field_violations.map((v) => v.field), ['granularity']);
  // A watch the server refuses ends its event stream with the error.
  const refused = await (await fetch(`${base}/api/watch?counterpart=China`)).text();
  assert.match(refused, /event: error\ndata: .*"code":"INVALID_ARGUMENT".*"field":"counterpart"/);
  assert.deepEqual(pageErrors, [], 'no script errors on the page');
});

const COUNT_KEYS = ['event_count', ...QUAD_KEYS, 'goldstein_events', 'mentions'];
const api = async (qs) => {
  const r = await fetch(`${base}/api/timeline?${qs}`);
  return { status: r.status, body: await r.json() };
};
const DYAD = 'actor=Russia&counterpart=North%20Korea&granularity=year';

test('the timeline API with split=1 returns outgoing and incoming, adding up to the whole', async () => {
  const { status, body: t } = await api(`${DYAD}&split=1`);
  assert.equal(status, 200);
  assert.ok(t.buckets.length >= 25, `${t.buckets.length} buckets`);
  for (const b of [...t.buckets, t.total]) {
    for (const side of ['outgoing', 'incoming']) {
      assert.equal(b[side]?.start_date, b.start_date, `${b.start_date} ${side}`);
      assert.equal(b[side].end_date, b.end_date);
      assert.ok(!('outgoing' in b[side]) && !('incoming' in b[side]), 'no nulls nested in the sub-buckets');
    }
    for (const k of COUNT_KEYS) {
      assert.equal(b.outgoing[k] + b.incoming[k], b[k], `${b.start_date} ${k}: ${b.outgoing[k]} + ${b.incoming[k]}`);
    }
    // The whole's Goldstein mean is the two means weighted by their scored events.
    if (b.goldstein_events > 0) {
      const sum = [b.outgoing, b.incoming].reduce((acc, x) => acc + (x.goldstein_events ? x.goldstein_mean * x.goldstein_events : 0), 0);
      assert.ok(Math.abs(sum / b.goldstein_events - b.goldstein_mean) < 1e-9, `${b.start_date} Goldstein`);
    }
  }
  // Both directions hold events in the sample, so the sums above say something.
  assert.ok(t.total.outgoing.event_count > 0 && t.total.incoming.event_count > 0,
    `outgoing ${t.total.outgoing.event_count}, incoming ${t.total.incoming.event_count}`);
  assert.ok(t.buckets.some((b) => b.outgoing.event_count !== b.incoming.event_count));

  // Each side is what the server counts for that one direction over the same window.
  const window = { ...TIMELINE, from_date: t.from_date, to_date: t.to_date };
  const [out, inc] = await Promise.all([
    client.getTimeline({ ...window, direction: 'DIRECTION_OUT' }),
    client.getTimeline({ ...window, direction: 'DIRECTION_IN' }),
  ]);
  const counts = (b) => Object.fromEntries([...COUNT_KEYS, 'start_date', 'goldstein_mean'].map((k) => [k, b[k]]));
  assert.deepEqual(t.buckets.map((b) => counts(b.outgoing)), out.buckets.map(counts));
  assert.deepEqual(t.buckets.map((b) => counts(b.incoming)), inc.buckets.map(counts));
  assert.deepEqual(counts(t.total.outgoing), counts(out.total));
  assert.deepEqual(counts(t.total.incoming), counts(inc.total));

  // split=true is the same; without split the whole is unchanged and has no sides.
  assert.deepEqual((await api(`${DYAD}&split=true`)).body, t);
  const plain = await api(DYAD);
  assert.equal(plain.status, 200);
  assert.ok([...plain.body.buckets, plain.body.total].every((b) => !('outgoing' in b) && !('incoming' in b)));
  const whole = ({ outgoing, incoming, ...rest }) => rest;
  assert.deepEqual(plain.body.buckets, t.buckets.map(whole));
  assert.deepEqual(plain.body.total, whole(t.total));
});

test('a bad split value is a 400 naming split; split with one direction is the server\'s INVALID_ARGUMENT on split_directions', async () => {
  for (const value of ['maybe', '2']) {
    const { status, body } = await api(`${DYAD}&split=${value}`);
    assert.equal(status, 400);
    assert.equal(body.error.code, 'INVALID_ARGUMENT');
    assert.equal(body.error.source, 'gateway');
    assert.deepEqual(body.error.field_violations.map((v) => v.field), ['split']);
    assert.match(body.error.message, new RegExp(`^split: "${value}"`));
  }
  for (const [direction, grpcDirection] of [['out', 'DIRECTION_OUT'], ['in', 'DIRECTION_IN']]) {
    let serverError;
    try {
      await client.getTimeline({ ...TIMELINE, direction: grpcDirection, split_directions: true });
    } catch (err) {
      serverError = err;
    }
    assert.equal(serverError?.codeName, 'INVALID_ARGUMENT');
    const { status, body } = await api(`${DYAD}&direction=${direction}&split=1`);
    assert.equal(status, 400);
    assert.deepEqual(body.error, {
      code: 'INVALID_ARGUMENT', grpc_code: 3, http_status: 400, message: serverError.message,
      field_violations: serverError.violations, source: 'server',
    });
    assert.deepEqual(body.error.field_violations.map((v) => v.field), ['split_directions']);
    // Without split the same direction is fine.
    assert.equal((await api(`${DYAD}&direction=${direction}&split=0`)).status, 200);
  }
});

test('"split by direction" draws each direction as its own series, named by the actors', async () => {
  await page.goto(`${base}/#/timeline?${DYAD}`);
  await page.waitForSelector('#bucket-table tbody tr');
  const whole = await client.getTimeline(TIMELINE);
  // The default view is the stacked one, with the toggle off.
  assert.equal(await timelineDifference(whole), '');
  assert.equal(await page.isChecked('#split-directions'), false);

  await page.check('#split-directions');
  await page.waitForSelector('#bucket-table td[data-col=outgoing]');
  assert.match(page.url(), /[?&]split=1(&|$)/);
  const split = await client.getTimeline({ ...TIMELINE, split_directions: true });
  const names = ['Russia → North Korea', 'North Korea → Russia'];
  const sides = ['outgoing', 'incoming'];
  const drawn = await page.evaluate(() => {
    const o = window.eventgraphDashboard.state.chart.getOption();
    return { legend: o.legend[0].data, series: o.series.map((s) => ({ name: s.name, type: s.type, stack: s.stack ?? null, data: s.data })) };
  });
  assert.deepEqual(drawn.legend, [...names, ...names.map((n) => `Goldstein ${n}`)]);
  assert.deepEqual(drawn.series.map((s) => [s.name, s.type, s.stack]),
    [[names[0], 'bar', null], [names[1], 'bar', null], [`Goldstein ${names[0]}`, 'line', null], [`Goldstein ${names[1]}`, 'line', null]]);
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(drawn.series[i].data, split.buckets.map((b) => b[sides[i]].event_count), `${names[i]} bars`);
    const line = drawn.series[2 + i].data;
    split.buckets.forEach((b, j) => {
      const g = b[sides[i]].goldstein_mean;
      assert.ok(g === undefined ? line[j] === null : Math.abs(line[j] - g) < 1e-3, `${names[i]} Goldstein at ${b.start_date}: ${line[j]} vs ${g}`);
    });
  }
  // The table and the tiles show each direction next to the whole.
  const rows = await pageBuckets();
  assert.deepEqual(rows.map((r) => [r.cols.event_count, r.cols.outgoing, r.cols.incoming]),
    split.buckets.map((b) => [fmtN(b.event_count), fmtN(b.outgoing.event_count), fmtN(b.incoming.event_count)]));
  const tiles = await page.$$eval('[data-testid^=split-]', (n) => n.map((x) => [x.querySelector('.tile-label').textContent, x.querySelector('.tile-value').textContent]));
  assert.deepEqual(tiles, [[names[0], fmtN(split.total.outgoing.event_count)], [names[1], fmtN(split.total.incoming.event_count)]]);
  await screenshot('timeline-split.png');

  // The URL keeps the view; unchecking gives the default view back.
  await page.reload();
  await page.waitForSelector('#bucket-table td[data-col=outgoing]');
  assert.equal(await page.isChecked('#split-directions'), true);
  await page.uncheck('#split-directions');
  await H.waitFor('the default view', async () => (await timelineDifference(whole)) === '', 15000, 100);
  assert.equal(await page.$('#bucket-table td[data-col=outgoing]'), null);
  assert.doesNotMatch(page.url(), /split=/);

  // One direction cannot be split: the toggle is off and disabled.
  await page.goto(`${base}/#/timeline?${DYAD}&direction=out`);
  await page.waitForSelector('#bucket-table tbody tr');
  assert.equal(await page.isDisabled('#split-directions'), true);
  assert.deepEqual(pageErrors, [], 'no script errors on the page');
});

test('a gateway whose server is down answers 503 UNAVAILABLE', async () => {
  const dead = await H.startGateway(path.join(dir, 'dead'), '127.0.0.1:1');
  try {
    const r = await fetch(`http://127.0.0.1:${dead.port}/api/timeline?actor=Russia`);
    assert.equal(r.status, 503);
    assert.equal((await r.json()).error.code, 'UNAVAILABLE');
  } finally {
    await H.stop(dead.proc);
  }
});
