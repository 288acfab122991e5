// The gateway's JSON API, as the page calls it.

// An error answer of the API: code (gRPC status name), httpStatus, message,
// fieldViolations [{field, description}].
export class ApiError extends Error {
  constructor(body, httpStatus) {
    const e = body?.error ?? {};
    super(e.message || `HTTP ${httpStatus}`);
    this.code = e.code || 'UNKNOWN';
    this.httpStatus = httpStatus;
    this.fieldViolations = e.field_violations || [];
    this.source = e.source || 'server';
  }
}

// Query string from an object; undefined, null, '' and false are left out;
// arrays repeat the key.
export function query(params) {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    if (Array.isArray(v)) v.forEach((x) => sp.append(k, x));
    else sp.append(k, String(v));
  }
  return sp.toString();
}

export async function get(endpoint, params = {}) {
  let res;
  try {
    res = await fetch(`/api/${endpoint}?${query(params)}`, { headers: { Accept: 'application/json' } });
  } catch (err) {
    throw new ApiError({ error: { code: 'UNAVAILABLE', message: `the gateway cannot be reached (${err.message})` } }, 0);
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new ApiError({ error: { code: 'INTERNAL', message: `HTTP ${res.status}: not JSON` } }, res.status);
  }
  if (!res.ok) throw new ApiError(body, res.status);
  return body;
}

// Opens the live feed (Server-Sent Events); handlers: onReady(), onEvents(events),
// onError(message), onDisconnect(). Returns a function that closes it.
export function watch(params, handlers) {
  const source = new EventSource(`/api/watch?${query(params)}`);
  source.addEventListener('ready', () => handlers.onReady?.());
  source.addEventListener('events', (e) => handlers.onEvents?.(JSON.parse(e.data).events));
  source.addEventListener('error', (e) => {
    if (e.data) {
      // The server refused or ended the watch: retrying would fail the same way.
      source.close();
      handlers.onError?.(new ApiError(JSON.parse(e.data), 0));
    } else {
      handlers.onDisconnect?.();  // connection dropped: EventSource retries
    }
  });
  return () => source.close();
}
