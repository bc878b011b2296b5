// Fetch wrapper for the areavasta JSON API (/api/v1).
// Every failure becomes an ApiError whose message is Italian text fit to show
// to the user: the server's error envelope {"error":{"code","message","field"}}
// when there is one, a generic message otherwise.

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  constructor(message, { status = 0, code = 'errore', field = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
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

// GET an API path; resolves to the parsed JSON body, rejects with ApiError
// (or with the AbortError of options.signal, which callers should ignore).
export async function apiGet(path, params = {}, { signal } = {}) {
  let res;
  try {
    res = await fetch(apiUrl(path, params), { signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('Impossibile contattare il server. Controlla la connessione e riprova.', { code: 'rete' });
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
    throw new ApiError(message, {
      status: res.status,
      code: (err && err.code) || `http_${res.status}`,
      field: (err && err.field) || null,
    });
  }
  if (body === null || typeof body !== 'object') {
    throw new ApiError('Il server ha inviato una risposta non valida.', { status: res.status, code: 'risposta_non_valida' });
  }
  return body;
}

export const isAbort = (e) => e && e.name === 'AbortError';

// The instance (its Province and figures) is asked once per page.
let istanzaPromise = null;
export function getIstanza() {
  if (!istanzaPromise) istanzaPromise = apiGet('/istanza');
  return istanzaPromise;
}
