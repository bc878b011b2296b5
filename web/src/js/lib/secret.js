// A secret shown once (API token, one-time password): read-only field, copy
// button, a clear warning.  The box takes the focus so screen readers read it.
import { h, icon } from './dom.js';

let seq = 0;

async function copy(input) {
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    input.focus();
    input.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

// secretBox({title, label, value, warning, onClose}) -> element to insert.
export function secretBox({ title, label, value, warning, onClose }) {
  const id = `segreto-${++seq}`;
  const input = h('input', {
    id, class: 'form-control codice secret-value', type: 'text', readonly: true, value,
    autocomplete: 'off', spellcheck: 'false', dataset: { segreto: '' },
  });
  const status = h('span', { class: 'ms-2', role: 'status', 'aria-live': 'polite' });
  const copyBtn = h('button', { type: 'button', class: 'btn btn-primary btn-icon', 'aria-describedby': id },
    icon('it-copy', 'icon-white'), h('span', { class: 'ms-1' }, 'Copia'));
  copyBtn.addEventListener('click', async () => {
    status.textContent = (await copy(input))
      ? 'Copiato negli appunti.'
      : 'Copia non riuscita: seleziona il testo e copialo a mano.';
  });
  const box = h('section', { class: 'secret-box mb-4', tabindex: '-1', 'aria-labelledby': `${id}-titolo` },
    h('h2', { id: `${id}-titolo`, class: 'h4' }, title),
    h('p', { class: 'fw-semibold' }, icon('it-warning-circle', 'icon-warning me-1'), warning),
    h('label', { for: id, class: 'form-label' }, label),
    h('div', { class: 'secret-row' }, input, copyBtn),
    status);
  if (onClose) {
    const done = h('button', { type: 'button', class: 'btn btn-outline-primary btn-sm mt-3' }, 'Ho salvato il valore: nascondi');
    done.addEventListener('click', () => { box.remove(); onClose(); });
    box.append(h('div', {}, done));
  }
  return box;
}

// Put the box in `where` (replacing what was there) and focus it.
export function showSecret(where, opts) {
  const box = secretBox({ ...opts, onClose: opts.onClose ?? (() => {}) });
  where.replaceChildren(box);
  box.focus();
  return box;
}
