// The network view: the actors around one or more seeds within a radius and
// window (GetSubgraph), drawn with cytoscape's force-directed layout. Node
// size: the actor's events in the window; colour: distance from the seeds;
// edges: event count (width) and mean Goldstein (colour), one per direction.

import { get } from './api.js';
import { BASE_STYLE, edgeData, colorLegend } from './graph.js';
import {
  el, QUADS, fmtInt, fmtGoldstein, card, actorInput, field, formValues, emptyNote, runQuery,
} from './ui.js';

const DISTANCE_COLORS = ['#1f4e96', '#5b8bd0', '#a9c3e8', '#d4e1f3', '#e8eef7'];

function buildForm(params, navigate) {
  const form = el('form', { class: 'query-form', id: 'network-form' },
    el('div', { class: 'row' },
      field('Seed actors (; between names)', actorInput({ name: 'seeds', value: params.seeds ?? '', placeholder: 'e.g. Russia', required: true })),
      field('Radius', el('input', { type: 'text', name: 'radius', value: params.radius ?? '', placeholder: '1', size: 4 })),
      field('From', el('input', { type: 'text', name: 'from_date', value: params.from_date ?? '', placeholder: 'YYYY-MM-DD', size: 11 })),
      field('To', el('input', { type: 'text', name: 'to_date', value: params.to_date ?? '', placeholder: 'YYYY-MM-DD', size: 11 })),
      field('Max nodes', el('input', { type: 'text', name: 'max_nodes', value: params.max_nodes ?? '', placeholder: '200', size: 6 })),
      field('Min events per edge', el('input', { type: 'text', name: 'min_events', value: params.min_events ?? '', placeholder: '1', size: 5 })),
      el('button', { type: 'submit', class: 'primary' }, 'Show network')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate('network', formValues(form));
  });
  return form;
}

function nodePanel(n, seeds, params, navigate) {
  const t = n.total ?? {};
  const link = (text, view, p) => el('a', { href: '#', onclick: (e) => { e.preventDefault(); navigate(view, p); } }, text);
  const window = { from_date: params.from_date, to_date: params.to_date };
  return el('div', { class: 'node-panel', 'data-testid': 'node-panel' },
    el('div', { class: 'actor-name' }, n.actor),
    el('div', { class: 'small muted' }, n.distance === 0 ? 'seed' : `${n.distance} hop${n.distance === 1 ? '' : 's'} from the seeds`),
    el('table', { class: 'data', style: { marginTop: '8px' } }, el('tbody', {},
      el('tr', {}, el('td', {}, 'Events in window'), el('td', { class: 'num v' }, fmtInt(t.event_count))),
      QUADS.slice(0, 4).map((q) => el('tr', {}, el('td', {}, q.label), el('td', { class: 'num' }, fmtInt(t[q.key])))),
      el('tr', {}, el('td', {}, 'Mean Goldstein'), el('td', { class: 'num' }, fmtGoldstein(t.goldstein_mean))),
      el('tr', {}, el('td', {}, 'First – last'), el('td', { class: 'num' }, `${t.first_date || '—'} – ${t.last_date || '—'}`)))),
    el('div', { class: 'links', style: { marginTop: '10px' } },
      link('Actor page', 'actor', { name: n.actor, ...window }),
      n.distance > 0 ? link(`Timeline with ${seeds[0]}`, 'timeline', { actor: seeds[0], counterpart: n.actor, ...window }) : null,
      n.distance > 0 ? link(`Paths from ${seeds[0]}`, 'path', { from_actor: seeds[0], to_actor: n.actor, ...window }) : null,
      link('Centre the network here', 'network', { ...params, seeds: n.actor })));
}

// The directed edges of GetSubgraph folded into one edge per actor pair:
// {a, b, ab, ba, summary} with `summary` over both directions (counts added,
// Goldstein means weighted by the events that have a score).
export function pairEdges(edges) {
  const pairs = new Map();
  for (const e of edges) {
    const [a, b] = e.from_actor < e.to_actor ? [e.from_actor, e.to_actor] : [e.to_actor, e.from_actor];
    const key = `${a}\u0000${b}`;
    if (!pairs.has(key)) pairs.set(key, { a, b, ab: null, ba: null });
    pairs.get(key)[e.from_actor === a ? 'ab' : 'ba'] = e.summary;
  }
  return [...pairs.values()].map((p) => {
    const parts = [p.ab, p.ba].filter(Boolean);
    const summary = { event_count: 0, goldstein_events: 0 };
    let gsum = 0;
    for (const s of parts) {
      summary.event_count += s.event_count;
      for (const q of QUADS) summary[q.key] = (summary[q.key] ?? 0) + (s[q.key] ?? 0);
      if (s.goldstein_mean !== undefined) {
        gsum += s.goldstein_mean * s.goldstein_events;
        summary.goldstein_events += s.goldstein_events;
      }
    }
    if (summary.goldstein_events) summary.goldstein_mean = gsum / summary.goldstein_events;
    return { ...p, summary };
  });
}

function pairPanel(p, params, navigate) {
  const window = { from_date: params.from_date, to_date: params.to_date };
  const line = (from, to, s) => el('tr', {},
    el('td', {}, `${from} → ${to}`), el('td', { class: 'num v' }, fmtInt(s?.event_count ?? 0)),
    el('td', { class: 'num' }, fmtGoldstein(s?.goldstein_mean)));
  return el('div', { class: 'node-panel', 'data-testid': 'pair-panel' },
    el('div', { class: 'actor-name', style: { fontSize: '17px' } }, `${p.a} — ${p.b}`),
    el('table', { class: 'data' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Direction'), el('th', { class: 'num' }, 'Events'), el('th', { class: 'num' }, 'Goldstein'))),
      el('tbody', {}, line(p.a, p.b, p.ab), line(p.b, p.a, p.ba))),
    el('div', { class: 'links', style: { marginTop: '10px' } },
      el('a', { href: '#', onclick: (e) => { e.preventDefault(); navigate('timeline', { actor: p.a, counterpart: p.b, ...window }); } }, 'Dyad timeline')));
}

export function render(root, params, { navigate, state }) {
  const form = buildForm(params, navigate);
  const errors = el('div', { class: 'errors' });
  root.append(card(null, form, errors));
  const seeds = (params.seeds ?? '').split(';').map((s) => s.trim()).filter(Boolean);
  if (!seeds.length) {
    root.append(card('Network', emptyNote('Choose one or more seed actors: the view draws their partners up to the radius, with every pair among them.')));
    return null;
  }
  const heading = el('h2', {}, 'Network');
  const summary = el('div', { class: 'muted small', 'data-testid': 'network-summary' });
  const notice = el('div', {});
  const graphBox = el('div', { class: 'graph', id: 'network-graph', style: { height: '600px' } });
  const panel = el('div', {}, emptyNote('Click a node for its figures and links.'));
  const tableBox = el('div', {});
  const results = el('div', { class: 'columns side' },
      el('section', { class: 'card' }, heading, summary, notice, graphBox,
        colorLegend(['· node colour: distance from the seeds · size: events'])),
      el('div', {}, card('Selected actor', panel), card('Actors', tableBox)));
  root.append(results);

  let cy = null;
  let disposed = false;
  state.resize = () => cy?.resize();

  runQuery(async () => {
    const g = await get('subgraph', {
      seeds, radius: params.radius, from_date: params.from_date, to_date: params.to_date,
      max_nodes: params.max_nodes, min_events: params.min_events,
    });
    if (disposed) return;
    state.subgraph = g;
    heading.replaceChildren(`Network around ${seeds.join(', ')}`, el('span', { class: 'muted' }, ` · ${g.from_date} – ${g.to_date}`));
    summary.textContent = `${fmtInt(g.nodes.length)} actors · ${fmtInt(g.edges.length)} directed edges (drawn as one line per pair)`;
    notice.replaceChildren(g.truncated ? el('div', { class: 'notice' }, 'The network was cut at the node or edge limit: the busiest parts are shown.') : '');
    const maxEvents = Math.max(1, ...g.nodes.map((n) => n.total?.event_count ?? 0));
    const pairs = pairEdges(g.edges);
    cy = cytoscape({
      container: graphBox,
      elements: [
        ...g.nodes.map((n) => ({
          group: 'nodes',
          data: {
            id: `n:${n.actor}`, label: n.actor, distance: n.distance,
            size: 16 + 34 * Math.sqrt((n.total?.event_count ?? 0) / maxEvents),
            color: DISTANCE_COLORS[Math.min(n.distance, DISTANCE_COLORS.length - 1)],
          },
        })),
        ...pairs.map((p, i) => ({
          group: 'edges',
          data: { ...edgeData(`e${i}`, `n:${p.a}`, `n:${p.b}`, p.summary, false), pair: i },
        })),
      ],
      style: [...BASE_STYLE, { selector: 'node', style: { 'background-color': 'data(color)', 'font-size': 15 } },
        { selector: 'node[distance = 0]', style: { 'font-weight': 'bold', 'border-color': '#15243b', 'border-width': 2 } }],
      layout: {
        name: 'cose', animate: false, randomize: false, padding: 30, nodeRepulsion: () => 300000,
        idealEdgeLength: () => 90, nodeOverlap: 40, gravity: 0.4, numIter: 2500,
      },
      maxZoom: 1.4,
    });
    cy.on('tap', 'edge', (e) => {
      panel.replaceChildren(pairPanel(pairs[e.target.data('pair')], params, navigate));
    });
    state.cy = cy;
    const byName = new Map(g.nodes.map((n) => [n.actor, n]));
    cy.on('tap', 'node', (e) => {
      panel.replaceChildren(nodePanel(byName.get(e.target.data('label')), seeds, params, navigate));
    });
    tableBox.replaceChildren(el('div', { class: 'table-wrap' }, el('table', { class: 'data', id: 'nodes-table' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Actor'), el('th', { class: 'num' }, 'Hops'),
        el('th', { class: 'num' }, 'Events'), el('th', { class: 'num' }, 'Goldstein'))),
      el('tbody', {}, g.nodes.map((n) => el('tr', {
        'data-actor': n.actor, style: { cursor: 'pointer' },
        onclick: () => {
          cy.nodes().unselect();
          cy.getElementById(`n:${n.actor}`).select();
          panel.replaceChildren(nodePanel(n, seeds, params, navigate));
        },
      },
      el('td', {}, n.actor), el('td', { class: 'num' }, n.distance),
      el('td', { class: 'num' }, fmtInt(n.total?.event_count)),
      el('td', { class: 'num' }, fmtGoldstein(n.total?.goldstein_mean))))))));
  }, { errors, form, results, gone: () => disposed });

  return () => {
    disposed = true;
    cy?.destroy();
  };
}
