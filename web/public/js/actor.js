// The actor page: facts (GetActor), the trend of all its events over time
// (GetTimeline without a counterpart) and its partners (GetNeighbors), each
// partner a way into the dyad timeline, a path or a network.

import { get } from './api.js';
import { timelineOption, partnersOption } from './charts.js';
import {
  el, QUADS, fmtInt, fmtGoldstein, card, actorInput, field, select, formValues, emptyNote, runQuery,
} from './ui.js';

function buildForm(params, navigate) {
  const form = el('form', { class: 'query-form', id: 'actor-form' },
    el('div', { class: 'row' },
      field('Actor', actorInput({ name: 'name', value: params.name ?? '', placeholder: 'e.g. North Korea', required: true })),
      field('From', el('input', { type: 'text', name: 'from_date', value: params.from_date ?? '', placeholder: 'YYYY-MM-DD', size: 11 })),
      field('To', el('input', { type: 'text', name: 'to_date', value: params.to_date ?? '', placeholder: 'YYYY-MM-DD', size: 11 })),
      field('Trend by', select('granularity', [['year', 'Year'], ['quarter', 'Quarter'], ['month', 'Month'], ['week', 'Week']], params.granularity ?? 'year')),
      field('Partners by', select('order', [['count', 'Most events'], ['cooperative', 'Most cooperative'], ['hostile', 'Most hostile'], ['recent', 'Most recent']], params.order ?? 'count')),
      el('button', { type: 'submit', class: 'primary' }, 'Show actor')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate('actor', formValues(form));
  });
  return form;
}

function facts(a, params, navigate) {
  const fact = (k, v, testid) => el('div', {}, el('span', { class: 'k' }, k), el('span', { class: 'v', 'data-testid': testid }, v));
  return el('div', {},
    el('div', { class: 'actor-name', 'data-testid': 'actor-name' }, a.name),
    el('div', { class: 'facts' },
      fact('Events', fmtInt(a.event_count), 'actor-events'),
      fact('As actor', fmtInt(a.out_count), 'actor-out'),
      fact('As target', fmtInt(a.in_count), 'actor-in'),
      fact('First event', a.first_date || '—', 'actor-first'),
      fact('Last event', a.last_date || '—', 'actor-last')),
    el('div', { class: 'links', style: { marginTop: '8px' } },
      el('a', { href: '#', onclick: (e) => { e.preventDefault(); navigate('timeline', { actor: a.name, granularity: params.granularity }); } }, 'Timeline with all partners'),
      el('a', { href: '#', onclick: (e) => { e.preventDefault(); navigate('network', { seeds: a.name, from_date: params.from_date, to_date: params.to_date }); } }, 'Network around')));
}

function partnersTable(actor, r, params, navigate) {
  const link = (text, view, p) => el('a', { href: '#', onclick: (e) => { e.preventDefault(); navigate(view, p); } }, text);
  const window = { from_date: params.from_date, to_date: params.to_date };
  return el('div', { class: 'table-wrap' }, el('table', { class: 'data', id: 'partners-table' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Partner'), el('th', { class: 'num' }, 'Events'), el('th', { class: 'num' }, 'Out'),
      el('th', { class: 'num' }, 'In'), QUADS.slice(0, 4).map((q) => el('th', { class: 'num' }, q.short)),
      el('th', { class: 'num' }, 'Goldstein'), el('th', {}, 'First'), el('th', {}, 'Last'), el('th', {}, ''))),
    el('tbody', {}, r.neighbors.map((n) => el('tr', { 'data-partner': n.actor },
      el('td', {}, link(n.actor, 'timeline', { actor, counterpart: n.actor, granularity: params.granularity, ...window })),
      el('td', { class: 'num', 'data-col': 'event_count' }, fmtInt(n.summary.event_count)),
      el('td', { class: 'num' }, fmtInt(n.out_count)), el('td', { class: 'num' }, fmtInt(n.in_count)),
      QUADS.slice(0, 4).map((q) => el('td', { class: 'num' }, fmtInt(n.summary[q.key]))),
      el('td', { class: 'num' }, fmtGoldstein(n.summary.goldstein_mean)),
      el('td', { class: 'nowrap' }, n.summary.first_date), el('td', { class: 'nowrap' }, n.summary.last_date),
      el('td', { class: 'nowrap links' }, link('actor', 'actor', { name: n.actor, ...window }),
        link('paths', 'path', { from_actor: actor, to_actor: n.actor, ...window })))))));
}

export function render(root, params, { navigate, state }) {
  const form = buildForm(params, navigate);
  const errors = el('div', { class: 'errors' });
  root.append(card(null, form, errors));
  if (!params.name) {
    root.append(card('Actor', emptyNote('Choose an actor: its span of activity, its events over time and its partners.')));
    return null;
  }
  const factsBox = el('div', {}, el('div', { class: 'loading' }, 'Loading…'));
  const trendBox = el('div', { class: 'chart short', id: 'actor-trend' });
  const partnersChartBox = el('div', { class: 'chart short', id: 'partners-chart' });
  const partnersTitle = el('h2', {}, 'Partners');
  const partnersBox = el('div', {});
  const results = el('div', {},
    card(null, factsBox),
    el('div', { class: 'columns even' },
      card('Events over time (all partners)', trendBox),
      el('section', { class: 'card' }, partnersTitle, partnersChartBox)),
    card('Partners in the window', partnersBox));
  root.append(results);

  const charts = [];
  let disposed = false;
  state.resize = () => charts.forEach((c) => c.resize());
  const window = { from_date: params.from_date, to_date: params.to_date };

  runQuery(async () => {
    const [a, t, n] = await Promise.all([
      get('actor', { name: params.name }),
      get('timeline', { actor: params.name, granularity: params.granularity || 'year', ...window }),
      get('neighbors', { actor: params.name, order: params.order, limit: 50, ...window }),
    ]);
    if (disposed) return;
    state.actor = a;
    state.timeline = t;
    state.neighbors = n;
    factsBox.replaceChildren(facts(a, params, navigate));
    const trend = echarts.init(trendBox);
    trend.setOption(timelineOption(t, null, true));
    const partners = echarts.init(partnersChartBox);
    partners.setOption(partnersOption(n.neighbors));
    partners.on('click', (e) => {
      const shown = n.neighbors.slice(0, 15).reverse();
      const p = shown[e.dataIndex];
      if (p) navigate('timeline', { actor: a.name, counterpart: p.actor, granularity: params.granularity, ...window });
    });
    charts.push(trend, partners);
    state.charts = charts;
    partnersTitle.replaceChildren('Top partners ', el('span', { class: 'muted' },
      `· ${Math.min(15, n.neighbors.length)} of ${fmtInt(n.total_neighbors)} · ${n.from_date} – ${n.to_date}`));
    partnersBox.replaceChildren(n.neighbors.length
      ? partnersTable(a.name, n, params, navigate)
      : emptyNote('No partners in this window.'));
  }, { errors, form, results, gone: () => disposed });

  return () => {
    disposed = true;
    charts.forEach((c) => c.dispose());
  };
}
