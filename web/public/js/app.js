// The dashboard: a hash router over four views. The URL holds the whole
// query (#/timeline?actor=Russia&counterpart=North%20Korea&granularity=year),
// so every view can be bookmarked and reloaded.

import { get, query } from './api.js';
import { fmtInt } from './ui.js';
import * as timeline from './timeline.js';
import * as actor from './actor.js';
import * as pathView from './path.js';
import * as network from './network.js';

const VIEWS = { timeline, actor, path: pathView, network };

// Exposed for the end-to-end test and for analysts in the console.
window.eventgraphDashboard = { view: null, state: {} };

let cleanup = null;

function parseHash() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [name, qs = ''] = hash.split('?');
  return { name: VIEWS[name] ? name : 'timeline', params: Object.fromEntries(new URLSearchParams(qs)) };
}

// Goes to a view with parameters (a new history entry).
export function navigate(name, params = {}) {
  const target = `#/${name}?${query(params)}`;
  if (location.hash === target) route();  // same query: run it again
  else location.hash = target;
}

function route() {
  const { name, params } = parseHash();
  if (cleanup) cleanup();
  cleanup = null;
  document.querySelectorAll('.tabs a').forEach((a) =>
    a.classList.toggle('active', a.dataset.view === name));
  const root = document.getElementById('view');
  root.replaceChildren();
  root.dataset.view = name;
  window.eventgraphDashboard.view = name;
  window.eventgraphDashboard.state = {};
  cleanup = VIEWS[name].render(root, params, {
    navigate, state: window.eventgraphDashboard.state, refreshStats: showStatsSoon,
  }) ?? null;
}

async function showStats() {
  const box = document.getElementById('db-stats');
  try {
    const s = await get('stats');
    box.classList.remove('bad');
    box.textContent = `${fmtInt(s.events)} events · ${fmtInt(s.actors)} actors · ${s.first_date || '—'} – ${s.last_date || '—'}`;
    box.title = `eventgraphd ${s.server_version} · format ${s.format_version}`;
  } catch (err) {
    box.textContent = `server: ${err.code}`;
    box.title = err.message;
    box.classList.add('bad');
  }
}

let statsTimer = null;
function showStatsSoon() {
  clearTimeout(statsTimer);
  statsTimer = setTimeout(showStats, 1000);
}

window.addEventListener('hashchange', route);
window.addEventListener('resize', () => window.eventgraphDashboard.state.resize?.());
route();
showStats();
