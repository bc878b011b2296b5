// Accessible alerts in the page's alert area (#app-alerts, top of <main>).
// role="alert" makes screen readers announce the message at once.
import { h } from './dom.js';

function area() {
  return document.getElementById('app-alerts');
}

// Show an error; a later call with the same key replaces it.
export function showError(message, key = 'generale') {
  const box = area();
  if (!box) return;
  clearError(key);
  box.append(h('div', { class: 'alert alert-danger', role: 'alert', dataset: { key } }, message));
}

export function clearError(key = 'generale') {
  const box = area();
  if (!box) return;
  for (const el of box.querySelectorAll('.alert')) {
    if (el.dataset.key === key) el.remove();
  }
}
