// The dyad timeline: stacked bars by quad class per bucket with the mean
// Goldstein score as a line (GetTimeline), the events of a clicked bucket
// with their sources (ListEvents), and a live feed (WatchEvents over SSE)
// that refreshes the numbers without a reload. For a dyad in both
// directions, "split by direction" (split=1 in the URL, split_directions)
// draws each direction's events and Goldstein mean as a series of its own.

import { get, query, watch } from './api.js';
import { timelineOption, splitTimelineOption } from './charts.js';
import {
  el, QUADS, DIRECTION_COLORS, fmtInt, fmtGoldstein, bucketLabel, GRANULARITY_WORD,
  sourceLink, quadChip, card, showError, actorInput, field, select, formValues, loading, emptyNote,
} from './ui.js';

const ARROW = { both: '↔', out: '→', in: '←' };
const SIDES = ['outgoing', 'incoming'];
const EVENTS_PAGE = 50;

// The GetTimeline request fields from the view's parameters.
function selection(params) {
  return {
    actor: params.actor,
    counterpart: params.counterpart,
    direction: params.direction,
    from_date: params.from_date,
    to_date: params.to_date,
    action: params.action,
    event_code_prefix: params.event_code_prefix,
    quad_classes: params.quad_classes,
  };
}

// The two directions of a split answer as the legend and table name them.
function directionNames(t) {
  const other = t.counterpart || 'all partners';
  return [`${t.actor} → ${other}`, `${other} → ${t.actor}`];
}

// Whether an answer counts the directions apart (asked with split=1).
const isSplit = (t) => !!t.total?.outgoing;

// `split()`: the split parameter to keep when the form is sent again.
function buildForm(params, navigate, split) {
  const quads = new Set((params.quad_classes ?? '').split(',').filter(Boolean));
  const form = el('form', { class: 'query-form', id: 'timeline-form' },
    el('div', { class: 'row' },
      field('Actor', actorInput({ name: 'actor', value: params.actor ?? '', placeholder: 'e.g. Russia', required: true })),
      field('Counterpart', actorInput({ name: 'counterpart', value: params.counterpart ?? '', placeholder: 'any partner' })),
      field('By', select('granularity', [['year', 'Year'], ['quarter', 'Quarter'], ['month', 'Month'], ['week', 'Week'], ['day', 'Day']], params.granularity ?? 'year')),
      field('From', el('input', { type: 'text', name: 'from_date', value: params.from_date ?? '', placeholder: 'YYYY-MM-DD', size: 11 })),
      field('To', el('input', { type: 'text', name: 'to_date', value: params.to_date ?? '', placeholder: 'YYYY-MM-DD', size: 11 })),
      el('button', { type: 'submit', class: 'primary' }, 'Show timeline')),
    el('details', { class: 'more', open: !!(params.direction || params.event_code_prefix || params.action || params.quad_classes) },
      el('summary', {}, 'Filters'),
      el('div', { class: 'row' },
        field('Direction', select('direction', [['', 'Both ways'], ['out', 'Actor → counterpart'], ['in', 'Counterpart → actor']], params.direction ?? '')),
        field('CAMEO prefix', el('input', { type: 'text', name: 'event_code_prefix', value: params.event_code_prefix ?? '', placeholder: 'e.g. 04', size: 6 })),
        field('Action', el('input', { type: 'text', name: 'action', value: params.action ?? '', placeholder: 'exact action text' })),
        el('fieldset', { class: 'quads' }, el('legend', {}, 'Quad classes'),
          QUADS.slice(0, 4).map((q) => el('label', { class: 'check' },
            el('input', { type: 'checkbox', 'data-quad': q.quad, checked: quads.has(String(q.quad)) }),
            el('span', { class: 'swatch', style: { background: q.color } }), q.label))))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = formValues(form);
    const qs = [...form.querySelectorAll('[data-quad]')].filter((c) => c.checked).map((c) => c.dataset.quad);
    navigate('timeline', {
      actor: v.actor, counterpart: v.counterpart, granularity: v.granularity, from_date: v.from_date,
      to_date: v.to_date, direction: v.direction, event_code_prefix: v.event_code_prefix, action: v.action,
      quad_classes: qs.join(','),
      // Splitting needs a counterpart and both directions.
      split: v.counterpart && !v.direction ? split() : undefined,
    });
  });
  return form;
}

function summaryTiles(t) {
  const tot = t.total;
  const tile = (label, value, testid, color) => el('div', { class: 'tile', 'data-testid': testid },
    el('div', { class: 'tile-value', style: color ? { color } : undefined }, value), el('div', { class: 'tile-label' }, label));
  const names = directionNames(t);
  return el('div', { class: 'tiles' },
    tile('Events', fmtInt(tot.event_count), 'total-events'),
    isSplit(t) ? SIDES.map((side, i) => tile(names[i], fmtInt(tot[side].event_count), `split-${side}`, DIRECTION_COLORS[i].line)) : null,
    ...QUADS.slice(0, 4).map((q) => tile(q.label, fmtInt(tot[q.key]), `total-${q.key}`, q.color)),
    tile('Mean Goldstein', fmtGoldstein(tot.goldstein_mean), 'total-goldstein'),
    tile('Mentions', fmtInt(tot.mentions), 'total-mentions'));
}

function bucketTable(t, onSelect, selected, previous) {
  const prev = new Map((previous?.buckets ?? []).map((b) => [b.start_date, b]));
  const cols = [['event_count', 'Events'], ...QUADS.map((q) => [q.key, q.short])];
  // Split: each direction's events next to the whole.
  const names = directionNames(t);
  const sides = isSplit(t) ? SIDES.map((side, i) => [side, i === 0 ? '→' : '←', names[i]]) : [];
  const rows = t.buckets.map((b, i) => {
    const old = prev.get(b.start_date);
    const cell = (key, text, value = b[key], was = old?.[key]) => el('td', {
      class: `num${old && was !== value ? ' changed' : ''}`, 'data-col': key }, text);
    return el('tr', {
      class: `${b.event_count === 0 ? 'zero' : ''}${i === selected ? ' selected' : ''}`,
      'data-start': b.start_date, 'data-end': b.end_date, 'data-index': i, title: `${b.start_date} – ${b.end_date}`,
      onclick: () => onSelect(i),
    },
    el('td', { class: 'period' }, bucketLabel(b, t.granularity)),
    cell('event_count', fmtInt(b.event_count)),
    sides.map(([side]) => cell(side, fmtInt(b[side]?.event_count), b[side]?.event_count, old?.[side]?.event_count)),
    cols.slice(1).map(([key]) => cell(key, fmtInt(b[key]))),
    el('td', { class: `num${old && old.goldstein_mean !== b.goldstein_mean ? ' changed' : ''}`, 'data-col': 'goldstein_mean' }, fmtGoldstein(b.goldstein_mean)),
    cell('mentions', fmtInt(b.mentions)));
  });
  return el('div', { class: 'table-wrap' }, el('table', { class: 'data', id: 'bucket-table' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Period'), el('th', { class: 'num' }, cols[0][1]),
      sides.map(([side, label, name]) => el('th', { class: 'num', 'data-col': side, title: name }, label)),
      cols.slice(1).map(([, label]) => el('th', { class: 'num' }, label)),
      el('th', { class: 'num' }, 'Goldstein'), el('th', { class: 'num' }, 'Mentions'))),
    el('tbody', {}, rows)));
}

// An events table (also used by the live feed).
export function eventsTable(events, id) {
  return el('table', { class: 'data events', id },
    el('thead', {}, el('tr', {}, ['Date', 'Actor', 'Action', 'Target', 'CAMEO', 'Quad', 'Goldstein', 'Source'].map((h) => el('th', {}, h)))),
    el('tbody', {}, events.map((e) => el('tr', { 'data-id': e.id },
      el('td', { class: 'nowrap' }, e.date), el('td', {}, e.actor), el('td', {}, e.action), el('td', {}, e.target),
      el('td', {}, e.event_code || '—'), el('td', {}, quadChip(e.quad_class)),
      el('td', { class: 'num' }, fmtGoldstein(e.goldstein)), el('td', { class: 'src' }, sourceLink(e.source))))));
}

export function render(root, params, { navigate, state, refreshStats }) {
  // The split parameter as the URL has it (the gateway checks its value).
  let split = params.split || undefined;
  const form = buildForm(params, navigate, () => split);
  const errors = el('div', { class: 'errors' });
  root.append(card(null, form, errors));
  if (!params.actor) {
    root.append(card('Dyad timeline', emptyNote(
      'Choose an actor and, for a dyad, a counterpart: the page shows one bar per period stacked by quad class, the mean Goldstein score as a line, and the events behind any bar you click.')));
    return null;
  }

  const sel = selection(params);
  const request = () => ({ ...sel, granularity: params.granularity || 'year', split });
  const heading = el('h2', {}, '');
  const live = el('span', { class: 'live', id: 'live-status', 'data-state': 'connecting' }, 'Live feed: connecting…');
  const tiles = el('div', {});
  const chartBox = el('div', { class: 'chart', id: 'timeline-chart' });
  const tableBox = el('div', {});
  const eventsBox = el('div', { id: 'bucket-events' }, emptyNote('Click a bar or a row to list its events.'));
  const feedBox = el('div', { id: 'live-feed' }, emptyNote('New events for this selection appear here as they are stored.'));
  const showEmpty = el('input', { type: 'checkbox', id: 'show-empty' });
  // Only a dyad is split; the server refuses it for one direction.
  const oneWay = ['out', 'in'].includes((params.direction ?? '').toLowerCase());
  const splitBox = el('input', { type: 'checkbox', id: 'split-directions', disabled: oneWay });
  const splitToggle = params.counterpart ? el('label', {
    class: 'check small', title: oneWay ? 'Needs both directions (Filters → Direction: both ways)' : 'Count and draw each direction apart',
  }, splitBox, 'split by direction') : null;

  // Shown once the first answer is in; an error leaves only the form and the error.
  const results = el('div', { id: 'timeline-results', hidden: true });
  root.append(results);
  results.append(
    el('section', { class: 'card' }, el('div', { class: 'card-head' }, heading,
      el('div', { class: 'head-tools' }, splitToggle, live)), tiles, chartBox),
    el('div', { class: 'columns' },
      el('section', { class: 'card' }, el('div', { class: 'card-head' }, el('h2', {}, 'Buckets'),
        el('label', { class: 'check small' }, showEmpty, 'show empty periods')), tableBox),
      el('div', {},
        el('section', { class: 'card' }, el('h2', { id: 'bucket-events-title' }, 'Events'), eventsBox),
        el('section', { class: 'card' }, el('h2', {}, 'Live feed'), feedBox))));

  let chart = null;
  let timeline = null;
  let selected = null;
  let disposed = false;
  let refreshTimer = null;
  let feed = [];
  let loads = 0;
  state.updates = 0;

  function drawTable(previous) {
    tableBox.replaceChildren(bucketTable(timeline, selectBucket, selected, previous));
    tableBox.querySelector('table').classList.toggle('hide-zero', !showEmpty.checked);
  }
  showEmpty.addEventListener('change', () => drawTable(null));

  // Toggling asks again in place (same selection, same live feed) and keeps
  // the URL in step, so that a reload or a bookmark shows the same view.
  splitBox.addEventListener('change', () => {
    split = splitBox.checked ? '1' : undefined;
    history.replaceState(null, '', `#/timeline?${query({ ...params, split })}`);
    load(null);
  });

  function chartOption() {
    return isSplit(timeline) ? splitTimelineOption(timeline, directionNames(timeline), selected)
      : timelineOption(timeline, selected);
  }

  function draw(previous) {
    const t = timeline;
    const dir = ARROW[params.direction || 'both'];
    heading.replaceChildren(t.counterpart ? `${t.actor} ${dir} ${t.counterpart}` : `${t.actor} ${dir} all partners`,
      el('span', { class: 'muted' }, ` · by ${GRANULARITY_WORD[t.granularity]} · ${t.from_date} – ${t.to_date}`));
    tiles.replaceChildren(summaryTiles(t));
    if (!chart) {
      chart = echarts.init(chartBox, null, { renderer: 'canvas' });
      state.chart = chart;
      // A click anywhere in a column selects its bucket (also empty ones).
      chart.getZr().on('click', (e) => {
        const point = [e.offsetX, e.offsetY];
        if (!chart.containPixel('grid', point)) return;
        const [index] = chart.convertFromPixel({ seriesIndex: 0 }, point);
        if (index >= 0 && index < timeline.buckets.length) selectBucket(index);
      });
      state.resize = () => chart.resize();
    }
    chart.setOption(chartOption(), true);
    splitBox.checked = isSplit(t);
    if (previous === undefined) showEmpty.checked = t.buckets.length <= 60;
    drawTable(previous);
  }

  async function loadEvents(index) {
    const b = timeline.buckets[index];
    const title = document.getElementById('bucket-events-title');
    title.textContent = `Events in ${bucketLabel(b, timeline.granularity)} (${b.start_date} – ${b.end_date})`;
    loading(eventsBox);
    const shown = [];
    const more = async (token) => {
      try {
        const r = await get('events', { ...sel, from_date: b.start_date, to_date: b.end_date, page_size: EVENTS_PAGE, page_token: token });
        if (disposed || selected !== index) return;
        shown.push(...r.events);
        eventsBox.replaceChildren(
          el('div', { class: 'muted small', 'data-testid': 'events-count' }, `${shown.length} event${shown.length === 1 ? '' : 's'}${r.next_page_token ? ' shown, more available' : ''}`),
          el('div', { class: 'table-wrap' }, eventsTable(shown, 'events-table')));
        if (r.next_page_token) {
          eventsBox.append(el('button', { class: 'secondary', onclick: () => more(r.next_page_token) }, 'Load more'));
        }
        if (!shown.length) eventsBox.append(emptyNote('No events in this period.'));
      } catch (err) {
        showError(eventsBox, err);
      }
    };
    await more(undefined);
  }

  function selectBucket(index) {
    selected = index;
    state.selected = index;
    chart.setOption(chartOption(), true);
    tableBox.querySelectorAll('tr.selected').forEach((r) => r.classList.remove('selected'));
    const row = tableBox.querySelector(`tr[data-index="${index}"]`);
    row?.classList.add('selected');
    const wrap = tableBox.querySelector('.table-wrap');
    if (row && wrap && (row.offsetTop < wrap.scrollTop || row.offsetTop > wrap.scrollTop + wrap.clientHeight - 40)) {
      wrap.scrollTop = row.offsetTop - wrap.clientHeight / 2;
    }
    loadEvents(index);
  }

  // previous: undefined for the first answer, the last answer for a live
  // refresh, null when the view changed (split toggled).
  async function load(previous) {
    const seq = ++loads;
    try {
      const t = await get('timeline', request());
      if (disposed || seq !== loads) return;  // left, or a later load is under way
      timeline = t;
      state.timeline = t;
      showError(errors, null, form);
      results.hidden = false;
      draw(previous);
      if (!closeWatch) startWatch();
      if (previous) {
        state.updates += 1;
        root.dataset.updates = String(state.updates);
        if (selected !== null) loadEvents(selected);
      }
    } catch (err) {
      if (disposed || seq !== loads) return;
      showError(errors, err, form);
    }
  }

  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => load(timeline), 250);
  }

  function setLive(stateName, text) {
    live.dataset.state = stateName;
    live.textContent = text;
  }

  let closeWatch = null;
  const startWatch = () => { closeWatch = watch(sel, {
    onReady: () => {
      setLive('live', 'Live');
      // Anything stored while (re)connecting is caught up here.
      if (timeline) scheduleRefresh();
    },
    onEvents: (events) => {
      feed = [...events.slice().reverse(), ...feed].slice(0, 20);
      state.liveEvents = (state.liveEvents ?? 0) + events.length;
      feedBox.replaceChildren(el('div', { class: 'table-wrap' }, eventsTable(feed, 'live-table')));
      setLive('live', `Live · ${state.liveEvents} new event${state.liveEvents === 1 ? '' : 's'} · last ${new Date().toLocaleTimeString('en-GB')}`);
      scheduleRefresh();
      refreshStats?.();
    },
    onError: (err) => setLive('error', `Live feed stopped: ${err.code}: ${err.message}`),
    onDisconnect: () => { if (live.dataset.state !== 'error') setLive('connecting', 'Live feed: reconnecting…'); },
  }); };

  load(undefined);

  return () => {
    disposed = true;
    clearTimeout(refreshTimer);
    closeWatch?.();
    chart?.dispose();
  };
}
