// The logged-in user (GET /api/v1/auth/me), role checks, login/logout links.
//
// getMe() resolves to the user ({id, email, name, roles:[{role, ente}], …}) or
// to null for an anonymous visitor.  It asks /auth/me once per page, and only
// when the browser holds the readable av_csrf cookie that login sets next to
// the HttpOnly session cookie: without it there is no session, and anonymous
// visitors are spared a 401 on every page.
import { apiGet, apiSend, csrfToken, setCsrfToken } from './api.js';

let mePromise = null;

function dropCsrfCookie() {
  document.cookie = 'av_csrf=; Max-Age=0; Path=/; SameSite=Strict';
}

async function loadMe() {
  if (!csrfToken()) return null;
  try {
    const me = await apiGet('/auth/me');
    if (me.csrf_token) setCsrfToken(me.csrf_token);
    return me;
  } catch (e) {
    if (e.status === 401) {
      dropCsrfCookie(); // expired session: stop asking on the next pages
      return null;
    }
    throw e;
  }
}

export function getMe() {
  if (!mePromise) mePromise = loadMe();
  return mePromise;
}

// hasRole(me, 'admin') — any ente; hasRole(me, 'admin', 'provincia:024') — that one.
export function hasRole(me, role, ente) {
  return !!me && Array.isArray(me.roles)
    && me.roles.some((r) => r.role === role && (ente === undefined || r.ente === ente));
}

export const isAdmin = (me) => hasRole(me, 'admin');

// May `me` edit the network row of the Province with this ISTAT/UTS code?
// Mirrors the API's policy (docs/access-policy.md, network_edit): `upi` on any
// Province, `admin` only on its own; the server decides anyway.
export function canEditRete(me, provinciaCodice) {
  return hasRole(me, 'upi') || hasRole(me, 'admin', `provincia:${provinciaCodice}`);
}

// A same-site relative path to go back to after login, or null.  Refuses
// absolute URLs, protocol-relative ("//host") and backslash tricks.
export function safeNext(raw) {
  if (typeof raw !== 'string' || !/^\/(?![/\\])/.test(raw) || /[\\\u0000-\u001f]/.test(raw)) return null;
  let url;
  try {
    url = new URL(raw, window.location.origin);
  } catch {
    return null;
  }
  if (url.origin !== window.location.origin) return null;
  if (url.pathname === '/accedi.html') return null;
  return url.pathname + url.search + url.hash;
}

export function currentPath() {
  return window.location.pathname + window.location.search;
}

export function loginUrl(next = currentPath()) {
  const n = safeNext(next);
  return n && n !== '/' ? `/accedi.html?next=${encodeURIComponent(n)}` : '/accedi.html';
}

export async function logout() {
  await apiSend('POST', '/auth/logout');
  mePromise = Promise.resolve(null);
}

// For pages of the reserved area: if `me` is null, or lacks `role`, fill
// `container` with the reason (a link to log in, or a 403 message in an
// alert) and return false.
export function guardPage(me, container, { role = null, forbidden = '' } = {}) {
  const box = (cls, role_, ...children) => {
    const div = document.createElement('div');
    div.className = `alert ${cls}`;
    if (role_) div.setAttribute('role', role_);
    div.append(...children);
    container.replaceChildren(div);
  };
  if (!me) {
    const p = document.createElement('p');
    p.className = 'mb-0';
    const a = document.createElement('a');
    a.href = loginUrl();
    a.textContent = 'Accedi';
    p.append('Questa pagina fa parte dell\'area riservata. ', a, ' per continuare.');
    box('alert-info', null, p);
    return false;
  }
  if (role && !hasRole(me, role)) {
    const t = document.createElement('p');
    t.className = 'fw-semibold mb-1';
    t.textContent = 'Accesso non consentito (errore 403)';
    const p = document.createElement('p');
    p.className = 'mb-0';
    p.textContent = forbidden;
    box('alert-danger', 'alert', t, p);
    return false;
  }
  container.replaceChildren();
  return true;
}
