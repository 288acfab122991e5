// Small DOM and formatting helpers shared by the views.

import { get } from './api.js';

// el('div', {class: 'x', onclick: f}, child, 'text', ...)
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k === 'style' && typeof v === 'object') Object.assign(node.style, v);
    else if (v === true) node.setAttribute(k, '');
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export const QUADS = [
  { key: 'verbal_cooperation', label: 'Verbal cooperation', short: 'V.coop', color: '#86c27a', quad: 1 },
  { key: 'material_cooperation', label: 'Material cooperation', short: 'M.coop', color: '#1f7a3a', quad: 2 },
  { key: 'verbal_conflict', label: 'Verbal conflict', short: 'V.conf', color: '#f0a35e', quad: 3 },
  { key: 'material_conflict', label: 'Material conflict', short: 'M.conf', color: '#c0392b', quad: 4 },
  { key: 'unclassified', label: 'Unclassified', short: 'Uncl.', color: '#b8bec6', quad: 0 },
];
export const GOLDSTEIN_COLOR = '#1f4e96';
// A timeline split by direction: actor -> counterpart, then the other way
// (bar fill, and the darker Goldstein line).
export const DIRECTION_COLORS = [
  { bar: '#5b8fd9', line: '#1f4e96' },
  { bar: '#e8964f', line: '#a34d12' },
];

export function quadInfo(q) {
  return QUADS.find((x) => x.quad === q) ?? QUADS[4];
}

export function fmtInt(n) {
  return (n ?? 0).toLocaleString('en-US');
}

// Goldstein means: two decimals, "—" when absent.
export function fmtGoldstein(g) {
  return g === undefined || g === null ? '—' : g.toFixed(2);
}

// Colour for a Goldstein mean on a red (-10) .. grey (0) .. green (+10) scale.
export function goldsteinColor(g) {
  if (g === undefined || g === null) return '#9aa3ad';
  const t = Math.max(-1, Math.min(1, g / 10));
  const grey = [150, 158, 168];
  const end = t < 0 ? [192, 57, 43] : [31, 122, 58];
  const a = Math.min(1, Math.abs(t) * 2.2);
  const c = grey.map((v, i) => Math.round(v + (end[i] - v) * a));
  return `rgb(${c.join(',')})`;
}

// The label of a bucket on an axis.
export function bucketLabel(bucket, granularity) {
  const d = bucket.start_date;
  switch (granularity) {
    case 'GRANULARITY_YEAR': return d.slice(0, 4);
    case 'GRANULARITY_QUARTER': return `${d.slice(0, 4)} Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
    case 'GRANULARITY_MONTH': return d.slice(0, 7);
    default: return d;
  }
}

export const GRANULARITY_WORD = {
  GRANULARITY_YEAR: 'year', GRANULARITY_QUARTER: 'quarter', GRANULARITY_MONTH: 'month',
  GRANULARITY_WEEK: 'week', GRANULARITY_DAY: 'day',
};

// A source cell: a link for URLs, plain text for document ids.
export function sourceLink(source) {
  if (!source) return el('span', { class: 'muted' }, '—');
  if (/^https?:\/\//i.test(source)) {
    let shown = source;
    try {
      const u = new URL(source);
      shown = u.host.replace(/^www\./, '') + u.pathname;
    } catch { /* keep the raw text */ }
    if (shown.length > 60) shown = `${shown.slice(0, 57)}…`;
    return el('a', { href: source, target: '_blank', rel: 'noopener noreferrer', title: source, class: 'source' }, shown);
  }
  return el('span', { class: 'source', title: source }, source);
}

export function quadChip(q) {
  const info = quadInfo(q);
  return el('span', { class: 'chip', style: { background: info.color }, title: info.label }, info.short);
}

// A card: <section class="card"><h2>title</h2>...</section>
export function card(title, ...children) {
  return el('section', { class: 'card' }, title ? el('h2', {}, title) : null, ...children);
}

// The error box for an ApiError: code, HTTP status, message and the fields
// named by the server; the form's inputs of those fields are marked.
export function showError(container, err, form) {
  container.replaceChildren();
  form?.querySelectorAll('.invalid').forEach((n) => n.classList.remove('invalid'));
  if (!err) return;
  const fields = err.fieldViolations ?? [];
  container.append(el('div', { class: 'error-box', role: 'alert', 'data-testid': 'error' },
    el('div', { class: 'error-head' },
      el('span', { class: 'error-code', 'data-testid': 'error-code' }, err.code ?? 'ERROR'),
      err.httpStatus ? el('span', { class: 'muted' }, ` HTTP ${err.httpStatus}`) : null),
    el('div', { class: 'error-message', 'data-testid': 'error-message' }, err.message),
    fields.length ? el('ul', { class: 'error-fields', 'data-testid': 'error-fields' },
      fields.map((f) => el('li', { 'data-field': f.field }, el('code', {}, f.field), `: ${f.description}`))) : null));
  for (const f of fields) {
    const base = f.field.replace(/^filter\./, '').replace(/\[\d+\]$/, '');
    form?.querySelector(`[name="${base}"]`)?.classList.add('invalid');
  }
}

// Runs a view's query (`load`, async): on an error, unless the view was left
// meanwhile (`gone()`), shows the error and hides the results.
export async function runQuery(load, { errors, form, results, gone }) {
  try {
    await load();
  } catch (err) {
    if (gone()) return;
    showError(errors, err, form);
    results.hidden = true;
  }
}

// Wires actor-name inputs to the shared <datalist> filled from SearchActors.
let suggestTimer = null;
export function actorInput(attrs) {
  const input = el('input', { type: 'text', list: 'actor-options', autocomplete: 'off', spellcheck: 'false', ...attrs });
  input.addEventListener('input', () => {
    clearTimeout(suggestTimer);
    const prefix = input.value.trim();
    if (!prefix) return;
    suggestTimer = setTimeout(async () => {
      try {
        const r = await get('actors', { prefix, page_size: 20 });
        document.getElementById('actor-options').replaceChildren(
          ...r.actors.map((a) => el('option', { value: a.name }, `${fmtInt(a.event_count)} events`)));
      } catch { /* suggestions are a convenience */ }
    }, 150);
  });
  return input;
}

// A labelled form field.
export function field(label, input, extraClass = '') {
  return el('label', { class: `field ${extraClass}` }, el('span', {}, label), input);
}

export function select(name, options, value) {
  return el('select', { name },
    options.map(([v, text]) => el('option', { value: v, selected: v === value }, text)));
}

// Reads a form's named inputs into an object (checkboxes as booleans).
export function formValues(form) {
  const out = {};
  for (const input of form.querySelectorAll('[name]')) {
    out[input.name] = input.type === 'checkbox' ? input.checked : input.value.trim();
  }
  return out;
}

export function loading(container, text = 'Loading…') {
  container.replaceChildren(el('div', { class: 'loading' }, text));
}

export function emptyNote(text) {
  return el('div', { class: 'empty-note' }, text);
}
