// Fetch wrapper for the areavasta JSON API (/api/v1).
// Every failure becomes an ApiError whose message is Italian text fit to show
// to the user: the server's error envelope {"error":{"code","message","field"}}
// when there is one, a generic message otherwise.
//
// apiGet(path, params)        GET with query parameters
// apiSend(method, path, body) POST/PUT/PATCH/DELETE with a JSON body (optional),
//                             the session cookie and the CSRF token
//                             (X-CSRF-Token, see docs/identity.md)

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  constructor(message, { status = 0, code = 'errore', field = null, retryAfter = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
  }
}

// Build the URL of an API path with query parameters; empty values are left out.
export function apiUrl(path, params = {}) {
  const url = new URL(API_BASE + path, window.location.origin);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  return url.pathname + url.search;
}

const NETWORK_MESSAGE = 'Impossibile contattare il server. Controlla la connessione e riprova.';

// A 503 "busy" (all password checks in use, or the database briefly locked)
// changed nothing on the server: wait its Retry-After and try again, a few
// times, before showing it to the user.
const BUSY_RETRIES = 3;
const BUSY_WAIT_MAX_S = 5;
const sleep = (s) => new Promise((resolve) => { setTimeout(resolve, s * 1000); });

// fetch + parse; resolves to the JSON body of a 2xx answer, rejects with
// ApiError (or with the AbortError of init.signal, which callers should ignore).
async function request(url, init, attempt = 0) {
  let res;
  try {
    res = await fetch(url, { credentials: 'same-origin', ...init });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(NETWORK_MESSAGE, { code: 'rete' });
  }
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    body = null;
  }
  if (!res.ok) {
    const err = body && typeof body === 'object' ? body.error : null;
    const message = err && typeof err.message === 'string' && err.message
      ? err.message
      : `Il server ha risposto con un errore (HTTP ${res.status}). Riprova più tardi.`;
    const retry = Number(res.headers.get('Retry-After'));
    if (res.status === 503 && err && err.code === 'busy' && attempt < BUSY_RETRIES &&
        retry > 0 && retry <= BUSY_WAIT_MAX_S && !(init.signal && init.signal.aborted)) {
      await sleep(retry);
      return request(url, init, attempt + 1);
    }
    throw new ApiError(message, {
      status: res.status,
      code: (err && err.code) || `http_${res.status}`,
      field: (err && err.field) || null,
      retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null,
    });
  }
  if (body === null || typeof body !== 'object') {
    throw new ApiError('Il server ha inviato una risposta non valida.', { status: res.status, code: 'risposta_non_valida' });
  }
  return body;
}

// GET an API path; resolves to the parsed JSON body.
export function apiGet(path, params = {}, { signal } = {}) {
  return request(apiUrl(path, params), { signal, headers: { Accept: 'application/json' } });
}

// The CSRF token of the session: the readable av_csrf cookie set by login
// (and refreshed by a password change), or the one /auth/me returned.
let csrfFallback = null;
export function setCsrfToken(token) {
  csrfFallback = token || null;
}

export function csrfToken() {
  for (const part of document.cookie.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === 'av_csrf') {
      const v = decodeURIComponent(part.slice(i + 1).trim());
      if (v) return v;
    }
  }
  return csrfFallback;
}

// Send a request with a JSON body (omit body, or pass undefined, for none).
// Adds X-CSRF-Token when there is a session: the server requires it on every
// cookie-authenticated write to a non-public route.
export function apiSend(method, path, body, { signal } = {}) {
  const headers = { Accept: 'application/json' };
  const csrf = csrfToken();
  if (csrf) headers['X-CSRF-Token'] = csrf;
  const init = { method, signal, headers };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return request(API_BASE + path, init);
}

export const isAbort = (e) => e && e.name === 'AbortError';

// The instance (its Province and figures) is asked once per page.
let istanzaPromise = null;
export function getIstanza() {
  if (!istanzaPromise) istanzaPromise = apiGet('/istanza');
  return istanzaPromise;
}
