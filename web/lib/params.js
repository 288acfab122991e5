// Query-string parameters -> eventgraph.v1 request fields.
//
// Parameter names are the proto's field names (actor, counterpart,
// from_date, to_date, granularity, ...), so that an error's field names the
// same thing on the page, in the URL and in the server's BadRequest. Values
// the server validates itself (dates, names, ranges) are passed through
// untouched; the gateway only refuses what it cannot put in the message at
// all (a word where a number goes, an unknown enum word).

import { badParameter } from './errors.js';

const GRANULARITIES = ['day', 'week', 'month', 'quarter', 'year'];
const DIRECTIONS = ['both', 'out', 'in'];
const PATH_MODES = ['shortest', 'k-shortest', 'weighted', 'earliest', 'latest',
                    'fastest', 'fewest-hops'];
const PATH_MODE_ENUM = {
  shortest: 'PATH_MODE_SHORTEST',
  'k-shortest': 'PATH_MODE_K_SHORTEST',
  weighted: 'PATH_MODE_WEIGHTED',
  earliest: 'PATH_MODE_EARLIEST_ARRIVAL',
  latest: 'PATH_MODE_LATEST_DEPARTURE',
  fastest: 'PATH_MODE_FASTEST',
  'fewest-hops': 'PATH_MODE_FEWEST_HOPS',
};
const ORDERS = ['count', 'cooperative', 'hostile', 'recent'];
const YES = ['1', 'true', 'yes', 'on'];
const NO = ['0', 'false', 'no', 'off'];

// Reads typed values from a URLSearchParams; every getter returns undefined
// when the parameter is absent or empty.
export class Params {
  constructor(searchParams) {
    this.sp = searchParams;
  }

  str(name) {
    const v = this.sp.get(name);
    return v === null || v.trim() === '' ? undefined : v;
  }

  list(name) {
    // seeds=A&seeds=B, or seeds=A,B is NOT split (names may hold commas).
    return this.sp.getAll(name).filter((v) => v.trim() !== '');
  }

  int(name, field = name) {
    const v = this.str(name);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v.trim())) throw badParameter(field, `"${v}" is not an integer`);
    return Number(v);
  }

  num(name, field = name) {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw badParameter(field, `"${v}" is not a number`);
    return n;
  }

  bool(name) {
    const v = this.str(name);
    if (v === undefined) return undefined;
    return YES.includes(v.toLowerCase());
  }

  // A yes/no that refuses anything else (bool() reads any other word as no).
  flag(name, field = name) {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const w = v.trim().toLowerCase();
    if (YES.includes(w)) return true;
    if (NO.includes(w)) return false;
    throw badParameter(field, `"${v}" is not one of ${[...YES, ...NO].join(', ')}`);
  }

  word(name, allowed, field = name) {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const w = v.trim().toLowerCase();
    if (!allowed.includes(w)) {
      throw badParameter(field, `"${v}" is not one of ${allowed.join(', ')}`);
    }
    return w;
  }

  ints(name, field = name) {
    const v = this.str(name);
    if (v === undefined) return [];
    return v.split(',').filter((s) => s.trim() !== '').map((s) => {
      if (!/^-?\d+$/.test(s.trim())) throw badParameter(field, `"${s}" is not an integer`);
      return Number(s);
    });
  }
}

function granularity(p) {
  const g = p.word('granularity', GRANULARITIES);
  return g === undefined ? undefined : `GRANULARITY_${g.toUpperCase()}`;
}

function direction(p) {
  const d = p.word('direction', DIRECTIONS);
  return d === undefined ? undefined : `DIRECTION_${d.toUpperCase()}`;
}

// Drops undefined values so that proto defaults apply.
function compact(obj) {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

function eventFilter(p) {
  return compact({
    action: p.str('action'),
    event_code_prefix: p.str('event_code_prefix'),
    quad_classes: p.ints('quad_classes', 'filter.quad_classes'),
  });
}

function edgeFilter(p) {
  return compact({
    ...eventFilter(p),
    goldstein_min: p.num('goldstein_min', 'filter.goldstein_min'),
    goldstein_max: p.num('goldstein_max', 'filter.goldstein_max'),
    min_events: p.int('min_events', 'filter.min_events'),
  });
}

export function timelineRequest(p) {
  return compact({
    actor: p.str('actor') ?? '',
    counterpart: p.str('counterpart'),
    direction: direction(p),
    from_date: p.str('from_date'),
    to_date: p.str('to_date'),
    filter: eventFilter(p),
    granularity: granularity(p),
    split_directions: p.flag('split'),
  });
}

export function listEventsRequest(p) {
  return compact({
    actor: p.str('actor'),
    counterpart: p.str('counterpart'),
    direction: direction(p),
    from_date: p.str('from_date'),
    to_date: p.str('to_date'),
    filter: eventFilter(p),
    page_size: p.int('page_size'),
    page_token: p.str('page_token'),
    descending: p.bool('descending'),
  });
}

export function watchRequest(p) {
  return compact({
    actor: p.str('actor'),
    counterpart: p.str('counterpart'),
    direction: direction(p),
    filter: eventFilter(p),
  });
}

export function searchActorsRequest(p) {
  return compact({
    prefix: p.str('prefix'),
    page_size: p.int('page_size'),
    page_token: p.str('page_token'),
  });
}

export function getActorRequest(p) {
  return { name: p.str('name') ?? '' };
}

export function neighborsRequest(p) {
  const order = p.word('order', ORDERS);
  return compact({
    actor: p.str('actor') ?? '',
    direction: direction(p),
    from_date: p.str('from_date'),
    to_date: p.str('to_date'),
    filter: edgeFilter(p),
    limit: p.int('limit'),
    order: order === undefined ? undefined : `NEIGHBOR_ORDER_${order.toUpperCase()}`,
  });
}

export function findPathsRequest(p) {
  const mode = p.word('mode', PATH_MODES);
  return compact({
    from_actor: p.str('from_actor') ?? '',
    to_actor: p.str('to_actor') ?? '',
    from_date: p.str('from_date'),
    to_date: p.str('to_date'),
    directed: p.bool('directed'),
    filter: edgeFilter(p),
    mode: mode === undefined ? undefined : PATH_MODE_ENUM[mode],
    max_hops: p.int('max_hops'),
    limit: p.int('limit'),
    start_date: p.str('start_date'),
    end_date: p.str('end_date'),
    strict: p.bool('strict'),
    evidence_events: p.int('evidence_events'),
  });
}

export function subgraphRequest(p) {
  return compact({
    seeds: p.list('seeds'),
    radius: p.int('radius'),
    direction: direction(p),
    from_date: p.str('from_date'),
    to_date: p.str('to_date'),
    filter: edgeFilter(p),
    max_nodes: p.int('max_nodes'),
    max_edges: p.int('max_edges'),
  });
}
