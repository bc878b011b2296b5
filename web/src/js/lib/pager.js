// Bootstrap Italia pagination inside a <nav class="pagination-wrapper">:
// renderPager(nav, {pagina, pages, hrefFor}) draws previous / numbers / next
// links; the page listens for clicks on a[data-page] (see bindPager).
import { h, icon, clear } from './dom.js';

export function renderPager(nav, { pagina, pages, hrefFor }) {
  nav.hidden = pages <= 1;
  const ul = clear(nav.querySelector('.pagination'));
  if (pages <= 1) return;
  const cur = pagina;
  const link = (page, content, label, extra = {}) => h('li', { class: `page-item${extra.active ? ' active' : ''}${extra.disabled ? ' disabled' : ''}` },
    extra.disabled
      ? h('span', { class: 'page-link', 'aria-disabled': 'true' }, content, h('span', { class: 'visually-hidden' }, label))
      : h('a', { class: 'page-link', href: hrefFor(page), dataset: { page: String(page) }, 'aria-current': extra.active ? 'page' : null },
        label && !extra.numeric ? [content, h('span', { class: 'visually-hidden' }, label)] : [h('span', { class: 'visually-hidden' }, 'Pagina '), content]));
  ul.append(link(cur - 1, icon('it-chevron-left', 'icon-primary'), 'Pagina precedente', { disabled: cur <= 1 }));
  const shown = new Set([1, pages, cur - 1, cur, cur + 1].filter((p) => p >= 1 && p <= pages));
  let last = 0;
  for (const p of [...shown].sort((a, b) => a - b)) {
    if (p > last + 1) ul.append(h('li', { class: 'page-item' }, h('span', { class: 'page-link', 'aria-hidden': 'true' }, '…')));
    ul.append(link(p, String(p), null, { active: p === cur, numeric: true }));
    last = p;
  }
  ul.append(link(cur + 1, icon('it-chevron-right', 'icon-primary'), 'Pagina successiva', { disabled: cur >= pages }));
}

// onPage(n) is awaited, then the focus goes to the current page's link.
export function bindPager(nav, onPage) {
  nav.addEventListener('click', async (e) => {
    const a = e.target.closest('a[data-page]');
    if (!a) return;
    e.preventDefault();
    await onPage(Number(a.dataset.page));
    nav.querySelector('.page-item.active a')?.focus();
  });
}

// Fetches page `pagina` of a list with get(offset, limit) -> {items, total};
// when it lies past the last page (the list shrank, or a stale ?pagina=),
// fetches the last page instead.  Resolves to { data, pagina, pages }.
export async function fetchPage(get, pagina, size) {
  let data = await get((pagina - 1) * size, size);
  const pages = Math.max(1, Math.ceil(data.total / size));
  if (data.items.length === 0 && data.total > 0 && pagina > pages) {
    data = await get((pages - 1) * size, size);
    return { data, pagina: pages, pages };
  }
  return { data, pagina, pages };
}

// The end of a list's status line: " — pagina 2 di 5." or ".".
export function pageSuffix(pagina, pages) {
  return pages > 1 ? ` — pagina ${pagina} di ${pages}.` : '.';
}
