// Accessible alerts in the page's alert area (#app-alerts, top of <main>),
// and the loading state of a result or list area.
// role="alert" makes screen readers announce the message at once; with
// { focus: true } the focus moves to the message too (a page-level error
// the user must read before going on), and it is scrolled into view.
import { h } from './dom.js';

function area() {
  return document.getElementById('app-alerts');
}

// Show an error; a later call with the same key replaces it.
// opts.focus: move the focus to the message.  opts.retry: a function; adds a
// "Riprova" button that removes the message and calls it.
export function showError(message, key = 'generale', { focus = false, retry = null } = {}) {
  const box = area();
  if (!box) return null;
  clearError(key);
  const el = h('div', { class: 'alert alert-danger', role: 'alert', tabindex: '-1', dataset: { key } },
    h('p', { class: 'mb-0' }, message));
  if (retry) {
    el.append(h('button', {
      type: 'button',
      class: 'btn btn-outline-primary btn-sm mt-2',
      dataset: { riprova: key },
      onclick: () => { clearError(key); retry(); },
    }, 'Riprova'));
  }
  box.append(el);
  if (focus) {
    el.scrollIntoView({ block: 'start', behavior: 'instant' });
    el.focus({ preventScroll: true });
  }
  return el;
}

// An ApiError at page level: focused, with "Riprova" when the network failed
// (err.code 'rete') or the server was busy, and a retry function is given.
export function showApiError(err, key = 'generale', { retry = null, suffix = '' } = {}) {
  const retryable = err && (err.code === 'rete' || err.status === 503 || err.status === 502 || err.status === 504);
  return showError(`${err?.message ?? 'Errore imprevisto.'}${suffix}`, key, { focus: true, retry: retryable ? retry : null });
}

export function clearError(key = 'generale') {
  const box = area();
  if (!box) return;
  for (const el of box.querySelectorAll('.alert')) {
    if (el.dataset.key === key) el.remove();
  }
}

// Loading state of a list or result area: aria-busy on the area and a
// visible text in its status element (role="status"), e.g.
//   setLoading(out, true, { status, text: 'Calcolo in corso…' })
//   setLoading(out, false, { status, text: 'Calcolo completato.' })
// Without text, the status keeps its words and only loses the spinner (for
// pages that write the count themselves).
export function setLoading(region, busy, { status = null, text = null } = {}) {
  if (region) {
    if (busy) region.setAttribute('aria-busy', 'true');
    else region.removeAttribute('aria-busy');
  }
  if (status) {
    if (text !== null) status.textContent = text;
    status.classList.toggle('caricamento', Boolean(busy));
  }
}
