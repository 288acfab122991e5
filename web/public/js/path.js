// The path view: how actor A is connected to actor B in a window
// (FindPaths), drawn as a graph (cytoscape) with the evidence of every hop:
// its event count, quad mix, Goldstein mean, dates and latest events with
// their sources.

import { get } from './api.js';
import { BASE_STYLE, edgeData, colorLegend } from './graph.js';
import {
  el, QUADS, fmtInt, fmtGoldstein, sourceLink, quadChip, card, actorInput, field, select,
  formValues, emptyNote, runQuery,
} from './ui.js';

const MODES = [
  ['shortest', 'Fewest hops (all shortest)'], ['k-shortest', 'k shortest'], ['weighted', 'Cheapest (tie strength)'],
  ['earliest', 'Journey: earliest arrival'], ['latest', 'Journey: latest departure'], ['fastest', 'Journey: fastest'],
  ['fewest-hops', 'Journey: fewest hops'],
];

function buildForm(params, navigate) {
  const form = el('form', { class: 'query-form', id: 'path-form' },
    el('div', { class: 'row' },
      field('From actor', actorInput({ name: 'from_actor', value: params.from_actor ?? '', placeholder: 'e.g. Donald Trump', required: true })),
      field('To actor', actorInput({ name: 'to_actor', value: params.to_actor ?? '', placeholder: 'e.g. Vladimir Putin', required: true })),
      field('From', el('input', { type: 'text', name: 'from_date', value: params.from_date ?? '', placeholder: 'YYYY-MM-DD', size: 11 })),
      field('To', el('input', { type: 'text', name: 'to_date', value: params.to_date ?? '', placeholder: 'YYYY-MM-DD', size: 11 })),
      field('Mode', select('mode', MODES, params.mode ?? 'shortest')),
      field('Max hops', el('input', { type: 'text', name: 'max_hops', value: params.max_hops ?? '', placeholder: 'default', size: 6 })),
      field('Paths', el('input', { type: 'text', name: 'limit', value: params.limit ?? '', placeholder: 'default', size: 6 })),
      el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'directed', checked: params.directed === 'true' }), 'directed'),
      el('button', { type: 'submit', class: 'primary' }, 'Find paths')),
    el('details', { class: 'more', open: !!(params.min_events || params.event_code_prefix || params.quad_classes) },
      el('summary', {}, 'Edge filters'),
      el('div', { class: 'row' },
        field('Min events per edge', el('input', { type: 'text', name: 'min_events', value: params.min_events ?? '', size: 5 })),
        field('CAMEO prefix', el('input', { type: 'text', name: 'event_code_prefix', value: params.event_code_prefix ?? '', size: 6 })),
        field('Quad classes', el('input', { type: 'text', name: 'quad_classes', value: params.quad_classes ?? '', placeholder: 'e.g. 1,2', size: 8 })),
        field('Evidence per hop', el('input', { type: 'text', name: 'evidence_events', value: params.evidence_events ?? '', placeholder: '3', size: 4 })))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = formValues(form);
    navigate('path', { ...v, directed: v.directed ? 'true' : '' });
  });
  return form;
}

// Column of each actor: its earliest position along any path.
function layoutPositions(paths) {
  const col = new Map();
  for (const p of paths) p.actors.forEach((a, i) => col.set(a, Math.min(col.get(a) ?? i, i)));
  const last = Math.max(...paths.map((p) => p.actors.length - 1));
  const to = paths[0].actors[paths[0].actors.length - 1];
  col.set(to, last);
  const byCol = new Map();
  for (const [a, c] of col) byCol.set(c, [...(byCol.get(c) ?? []), a]);
  const pos = {};
  for (const [c, actors] of byCol) {
    actors.forEach((a, i) => { pos[a] = { x: c * 240, y: (i - (actors.length - 1) / 2) * 110 }; });
  }
  return pos;
}

function hopKey(from, to, directed) {
  return directed || from < to ? `${from}\u0000${to}` : `${to}\u0000${from}`;
}

function evidenceItem(e) {
  return el('li', { 'data-id': e.id },
    el('span', { class: 'date' }, e.date), quadChip(e.quad_class), ' ',
    `${e.actor} · ${e.action} · ${e.target}`,
    e.goldstein !== undefined ? el('span', { class: 'muted' }, ` (${fmtGoldstein(e.goldstein)})`) : null, ' ',
    sourceLink(e.source));
}

function hopCard(h, directed) {
  const s = h.summary ?? {};
  const mix = QUADS.filter((q) => s[q.key] > 0).map((q) => `${s[q.key]} ${q.short}`).join(', ');
  const others = (h.top_events ?? []).filter((e) => !h.event || e.id !== h.event.id);
  return el('div', {
    class: 'hop', 'data-testid': 'hop', 'data-from': h.from_actor, 'data-to': h.to_actor,
    'data-count': s.event_count ?? 0, 'data-key': hopKey(h.from_actor, h.to_actor, directed),
  },
  el('div', { class: 'hop-head' }, `${h.from_actor} ${directed ? '→' : '—'} ${h.to_actor}`),
  el('div', { class: 'hop-sum' },
    `${fmtInt(s.event_count)} event${s.event_count === 1 ? '' : 's'}`,
    mix ? ` (${mix})` : '', ` · ${s.first_date || '—'} – ${s.last_date || '—'}`,
    ` · Goldstein ${fmtGoldstein(s.goldstein_mean)}`, h.cost ? ` · cost ${h.cost.toFixed(3)}` : ''),
  h.event ? el('div', { class: 'small muted' }, 'The journey takes this event:') : null,
  h.event ? el('ul', { class: 'evidence journey' }, evidenceItem(h.event)) : null,
  h.event && others.length ? el('div', { class: 'small muted' }, 'Latest events of the hop:') : null,
  others.length ? el('ul', { class: 'evidence' }, others.map(evidenceItem)) : null);
}

export function render(root, params, { navigate, state }) {
  const form = buildForm(params, navigate);
  const errors = el('div', { class: 'errors' });
  root.append(card(null, form, errors));
  if (!params.from_actor || !params.to_actor) {
    root.append(card('Paths', emptyNote(
      'Choose two actors: the view draws how they are connected in the window (fewest hops, cheapest, or time-respecting journeys) and lists the events behind every hop.')));
    return null;
  }
  const directed = params.directed === 'true';
  const heading = el('h2', {}, 'Paths');
  const summary = el('div', { class: 'muted small', 'data-testid': 'path-summary' });
  const graphBox = el('div', { class: 'graph', id: 'path-graph' });
  const listBox = el('div', { class: 'path-list', id: 'path-list' });
  const results = el('div', { class: 'columns side' },
    el('section', { class: 'card' }, heading, summary, graphBox, colorLegend()),
    el('section', { class: 'card' }, el('h2', {}, 'Evidence per hop'), listBox));
  root.append(results);

  let cy = null;
  let disposed = false;
  state.resize = () => cy?.resize();

  function highlightPath(index, paths) {
    if (!cy) return;
    cy.elements().removeClass('faded highlight');
    listBox.querySelectorAll('.path').forEach((n) => n.classList.toggle('active', Number(n.dataset.index) === index));
    if (index === null) return;
    const p = paths[index];
    const keys = new Set(p.hops.map((h) => hopKey(h.from_actor, h.to_actor, directed)));
    cy.elements().addClass('faded');
    p.actors.forEach((a) => cy.getElementById(`n:${a}`).removeClass('faded').addClass('highlight'));
    cy.edges().filter((e) => keys.has(e.data('key'))).removeClass('faded').addClass('highlight');
  }

  runQuery(async () => {
    const r = await get('path', { ...params, directed: directed ? 'true' : undefined });
    if (disposed) return;
    state.paths = r;
    heading.replaceChildren(`${r.from_actor} ${directed ? '→' : '—'} ${r.to_actor}`,
      el('span', { class: 'muted' }, ` · ${r.from_date} – ${r.to_date}`));
    const st = r.stats ?? {};
    summary.replaceChildren(
      `${r.paths.length} path${r.paths.length === 1 ? '' : 's'}${r.truncated ? ' (more exist)' : ''}`,
      ` · searched ${fmtInt(st.visited_actors)} actors, ${fmtInt(st.expanded_edges)} edges, depth ${st.depth ?? 0}, ${(st.elapsed_ms ?? 0).toFixed(1)} ms`);
    if (!r.paths.length) {
      graphBox.replaceChildren(el('div', { class: 'empty-note', style: { padding: '20px' }, 'data-testid': 'no-path' }, r.reason || 'No path.'));
      listBox.replaceChildren(emptyNote(r.reason || 'No path.'));
      return;
    }
    // The graph: the union of the paths.
    const pos = layoutPositions(r.paths);
    const edges = new Map();
    for (const p of r.paths) {
      for (const h of p.hops) {
        const key = hopKey(h.from_actor, h.to_actor, directed);
        if (!edges.has(key)) edges.set(key, h);
      }
    }
    const elements = [
      ...Object.entries(pos).map(([a, position]) => ({
        group: 'nodes', data: { id: `n:${a}`, label: a, size: a === r.from_actor || a === r.to_actor ? 34 : 26 },
        position, classes: a === r.from_actor ? 'from' : a === r.to_actor ? 'to' : '',
      })),
      ...[...edges.entries()].map(([key, h], i) => ({
        group: 'edges',
        data: { ...edgeData(`e${i}`, `n:${h.from_actor}`, `n:${h.to_actor}`, h.summary ?? {}, directed,
          h.event ? h.event.date : `${h.summary?.event_count ?? 0} ev.`), key },
      })),
    ];
    cy = cytoscape({
      container: graphBox,
      elements,
      layout: { name: 'preset', padding: 50 },
      style: [...BASE_STYLE,
        { selector: 'node.from', style: { 'background-color': '#1f4e96' } },
        { selector: 'node.to', style: { 'background-color': '#7b3fa0' } }],
      maxZoom: 2,
    });
    state.cy = cy;
    cy.on('tap', 'edge', (e) => {
      const key = e.target.data('key');
      listBox.querySelectorAll('.hop').forEach((n) => n.classList.toggle('active', n.dataset.key === key));
      listBox.querySelector(`.hop[data-key="${CSS.escape(key)}"]`)?.scrollIntoView({ block: 'nearest' });
    });
    cy.on('tap', 'node', (e) => navigate('actor', { name: e.target.data('label'), from_date: params.from_date, to_date: params.to_date }));
    listBox.replaceChildren(...r.paths.map((p, i) => el('div', {
      class: 'path', 'data-testid': 'path', 'data-index': i, 'data-actors': p.actors.join('|'),
    },
    el('div', { class: 'path-title', onclick: () => highlightPath(i, r.paths) },
      `${i + 1}. `, p.actors.flatMap((a, j) => (j ? [el('span', { class: 'arrow' }, directed ? '→' : '—'), a] : [a])),
      el('span', { class: 'muted small' }, ` · ${p.hops.length} hop${p.hops.length === 1 ? '' : 's'}`,
        p.cost ? ` · cost ${p.cost.toFixed(3)}` : '',
        p.departure_date ? ` · ${p.departure_date} → ${p.arrival_date}` : '')),
    p.hops.map((h) => hopCard(h, directed)))));
  }, { errors, form, results, gone: () => disposed });

  return () => {
    disposed = true;
    cy?.destroy();
  };
}
