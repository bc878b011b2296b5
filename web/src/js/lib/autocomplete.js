// An accessible autocomplete on a text input: the WAI-ARIA 1.2 combobox
// pattern with a listbox popup (role="combobox", aria-expanded,
// aria-controls, aria-activedescendant on the input; role="option" items
// with aria-selected).  The focus never leaves the input: Down/Up move the
// active option (Down opens the list), Enter picks it, Escape closes the
// list (and, when it is already closed, clears nothing and lets the
// dialog handle Escape), Tab leaves.  A polite status line says how many
// suggestions there are.  Suggestions come from source(text, signal):
// [{value, label, detail}], debounced; picking one calls onPick(option).
import { h } from './dom.js';
import { debounce } from './debounce.js';

let seq = 0;

export function attachAutocomplete(input, { source, onPick, delay = 200, minLength = 2 }) {
  const id = input.id || `autocomplete-${++seq}`;
  input.id = id;
  const list = h('ul', { id: `${id}-lista`, role: 'listbox', class: 'autocomplete-lista', hidden: true,
    'aria-label': 'Suggerimenti' });
  const status = h('span', { id: `${id}-stato`, class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const wrap = h('div', { class: 'autocomplete-campo' });
  if (input.parentNode) input.replaceWith(wrap);
  wrap.append(input, list, status);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('autocomplete', 'off');

  let options = [];
  let active = -1;
  let controller = null;

  const setActive = (i) => {
    active = i;
    [...list.children].forEach((li, k) => li.setAttribute('aria-selected', k === i ? 'true' : 'false'));
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', list.children[i].id);
      list.children[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  };
  const open = () => {
    if (!options.length) return;
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  const pick = (i) => {
    const o = options[i];
    if (!o) return;
    close();
    input.value = o.value;
    status.textContent = `Scelto: ${o.label}.`;
    onPick?.(o);
  };
  const render = (opts) => {
    options = opts;
    list.replaceChildren(...opts.map((o, i) => {
      const li = h('li', { id: `${id}-opzione-${i}`, role: 'option', 'aria-selected': 'false', class: 'autocomplete-opzione' },
        h('span', { class: 'autocomplete-nome' }, o.label),
        o.detail ? h('span', { class: 'autocomplete-dettaglio' }, ` ${o.detail}`) : null);
      li.addEventListener('mousedown', (e) => e.preventDefault()); // keep the focus in the input
      li.addEventListener('click', () => pick(i));
      return li;
    }));
    active = -1;
    input.removeAttribute('aria-activedescendant');
    if (opts.length) {
      open();
      status.textContent = `${opts.length} ${opts.length === 1 ? 'suggerimento' : 'suggerimenti'}: frecce su e giù per scegliere, Invio per confermare.`;
    } else {
      close();
      status.textContent = input.value.trim().length >= minLength ? 'Nessun suggerimento.' : '';
    }
  };
  const search = debounce(async () => {
    const text = input.value.trim();
    controller?.abort();
    if (text.length < minLength) {
      render([]);
      return;
    }
    controller = new AbortController();
    const { signal } = controller;
    try {
      const opts = await source(text, signal);
      if (!signal.aborted) render(opts ?? []);
    } catch (err) {
      if (err?.name !== 'AbortError') render([]);
    }
  }, delay);

  input.addEventListener('input', search);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (list.hidden) open();
      if (options.length) setActive((active + 1) % options.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (list.hidden) open();
      if (options.length) setActive(active <= 0 ? options.length - 1 : active - 1);
    } else if (e.key === 'Enter') {
      if (!list.hidden && active >= 0) {
        e.preventDefault();
        pick(active);
      }
    } else if (e.key === 'Escape') {
      if (!list.hidden) {
        e.preventDefault();
        e.stopPropagation();
        close();
      }
    }
  });
  input.addEventListener('blur', close);
  return { wrap, close, refresh: search };
}
